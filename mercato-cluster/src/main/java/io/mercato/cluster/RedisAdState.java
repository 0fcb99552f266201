package io.mercato.cluster;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.AdState;
import io.mercato.core.ads.decide.BudgetPosition;
import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.ads.decide.CapCheck;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.server.backend.BackendUnavailableException;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.store.redis.RedisStoreException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@link AdState} of a cluster API node, all of it in Redis and shared by every node:
 * <ul>
 *   <li>frequency caps and the spend of decisions' impressions: {@link RedisAdLedger}'s atomic
 *       scripts, so concurrent decisions on any number of nodes never exceed a cap or a budget;
 *   <li>the stream job's {@link CampaignStats} ({@code d:<campaign>}): the impression and click counts
 *       the CTR model smooths, and the spend that did not come from decisions (clicks, impressions
 *       clients reported), which {@link #reserve} and {@link #budgetPosition} add to the reserved spend.
 * </ul>
 * Campaign statistics are cached per campaign for {@link #STATS_TTL_MILLIS}: a decision reads every
 * candidate campaign's counts, and CTR estimates need not be fresher than the job writes them.
 *
 * <p><b>Bounds.</b> Caps and CPM spend are exact under concurrency. Click charges reach the budget
 * check with the job's lag (its flush interval plus this cache, about a second), so a CPC campaign
 * may be served for that long after its last affordable click; the job never charges beyond a budget
 * (the rest is over-delivery), as in the embedded engine. The global CTR prior is the sum over the
 * campaigns defined now (the embedded ledger also counts campaigns since deleted).
 */
final class RedisAdState implements AdState {
  static final long STATS_TTL_MILLIS = 1_000;
  private final RedisStateStore redis;
  private final RedisAdLedger ledger;
  private final Pacing pacing;
  private final Supplier<AdInventory> inventory;
  private final InstantSource clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  RedisAdState(
      RedisStateStore redis, Pacing pacing, Supplier<AdInventory> inventory, InstantSource clock) {
    this.redis = redis;
    this.ledger = new RedisAdLedger(redis, pacing);
    this.pacing = pacing;
    this.inventory = inventory;
    this.clock = clock;
  }

  RedisAdLedger ledger() {
    return ledger;
  }

  /** The campaign's statistics as the job last wrote them (empty when it wrote none), fresh from Redis. */
  CampaignStats read(String campaignId) {
    try {
      return redis
          .readState(new StateKey(StateKind.CAMPAIGN_ADS, campaignId))
          .map(CampaignStats::fromByteArray)
          .orElseGet(() -> new CampaignStats(campaignId));
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException(
          "the state store (Redis) failed or cannot be reached; retry later", e);
    }
  }

  private CampaignStats stats(String campaignId) {
    long now = clock.millis();
    Cached c = cache.get(campaignId);
    if (c == null || now - c.readAt >= STATS_TTL_MILLIS) {
      c = new Cached(read(campaignId), now);
      cache.put(campaignId, c);
    }
    return c.stats;
  }

  @Override
  public CapCheck reserve(String userId, Ad ad, Campaign c, Instant now, String eventId) {
    return ledger.reserve(
        userId,
        ad,
        c,
        now,
        eventId,
        stats(c.id()).unreservedSpendMicros(c.dayOf(now).toEpochDay()));
  }

  @Override
  public Map<String, int[]> capCounts(String userId, Instant now) {
    return ledger.capCounts(userId, now);
  }

  @Override
  public BudgetPosition budgetPosition(Campaign c, Instant now) {
    long[] spent = spent(c, now);
    return BudgetPosition.of(
        pacing.allowanceMicros(c, now),
        spent[1],
        RedisAdLedger.micros(c.totalBudget()),
        spent[0],
        pacing);
  }

  @Override
  public BigDecimal spentToday(Campaign c, Instant now) {
    BigDecimal v = BigDecimal.valueOf(spent(c, now)[1], 6).stripTrailingZeros();
    return v.signum() == 0
        ? BigDecimal.ZERO
        : v.setScale(Math.max(0, v.scale()), RoundingMode.UNNECESSARY);
  }

  /** {@code [total, today]}: reserved by decisions plus charged by other events. */
  private long[] spent(Campaign c, Instant now) {
    long day = c.dayOf(now).toEpochDay();
    long[] reserved = ledger.reservedMicros(c.id(), day);
    long[] other = stats(c.id()).unreservedSpendMicros(day);
    return new long[] {reserved[0] + other[0], reserved[1] + other[1]};
  }

  @Override
  public long[] adCounts(String campaignId, String adId) {
    return stats(campaignId).adCounts(adId);
  }

  @Override
  public long[] campaignCategoryCounts(String campaignId, String category) {
    return stats(campaignId).categoryCounts(category);
  }

  @Override
  public long[] campaignCounts(String campaignId) {
    return stats(campaignId).adCounts();
  }

  @Override
  public long[] globalCounts() {
    long[] out = new long[2];
    for (Campaign c : inventory.get().campaigns()) {
      long[] k = stats(c.id()).adCounts();
      out[0] += k[0];
      out[1] += k[1];
    }
    return out;
  }

  private record Cached(CampaignStats stats, long readAt) {}
}
