package io.mercato.cluster;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.ads.decide.ChosenAd;
import io.mercato.core.ads.decide.CtrModel;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.ads.decide.DecisionService;
import io.mercato.core.ads.decide.Eligibility;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.StatsKpiSource;
import io.mercato.core.runtime.Scope;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.engine.AdsConfig;
import io.mercato.server.backend.AdDecisions;
import io.mercato.server.backend.EventIngest;
import io.mercato.server.backend.StateReads;
import io.mercato.store.redis.RedisStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ad decisions and campaign KPIs of a cluster API node: the embedded engine's
 * {@link DecisionService} over {@link RedisAdState}, and KPIs built by {@link CampaignKpis#of} from
 * the stream job's {@link CampaignStats} in Redis — the same code on the same aggregate as the
 * embedded engine, so the same events give the same JSON.
 *
 * <p><b>Impressions.</b> A decision reserves caps and spend in Redis, then produces one
 * {@code impression} event per chosen ad to Kafka under the returned {@code impression_id} (event id)
 * with a {@code decision_id} attribute, and answers only after Kafka acknowledged them; the job counts
 * them, and a client repost with the same id is dropped by the job's dedup. When Kafka refuses, every
 * reservation of the decision is given back and the request fails (503).
 */
final class ClusterAds implements AdDecisions {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAds.class);
  private final Supplier<AdInventory> inventory;
  private final Windows windows;
  private final RedisAdState state;
  private final DecisionService decisions;
  private final EventIngest events;
  private final StateReads reads;
  private final InstantSource clock;

  ClusterAds(
      Supplier<AdInventory> inventory,
      Windows windows,
      RedisStateStore redis,
      EventIngest events,
      StateReads reads,
      AdsConfig config,
      InstantSource clock) {
    this.inventory = inventory;
    this.windows = windows;
    this.events = events;
    this.reads = reads;
    this.clock = clock;
    this.state = new RedisAdState(redis, new Pacing(config.pacingHeadStart()), inventory, clock);
    this.decisions =
        new DecisionService(
            inventory,
            state,
            new CtrModel(config.ctrPrior(), config.priorStrength()),
            clock,
            config.explorationSeed(),
            config.decisionSegmentBudget());
  }

  @Override
  public AdInventory inventory() {
    return inventory.get();
  }

  @Override
  public Windows windows() {
    return windows;
  }

  @Override
  public Decision decide(String userId, String placement, int n, boolean explore) {
    Decision d = decisions.decide(userId, placement, n, explore, reads::segmentInput);
    if (d.ads().isEmpty()) {
      return d;
    }
    // the reservation time of every chosen ad: the decision's one clock reading is not exposed, so
    // cancel uses the same day as reserve did unless the day turned in between (then the day's
    // counter is left, and only the total is given back)
    Instant now = clock.instant();
    List<Event> impressions = new ArrayList<>(d.ads().size());
    for (ChosenAd c : d.ads()) {
      impressions.add(
          new Event(
              c.eventId(),
              false,
              EventTypes.IMPRESSION,
              userId,
              null,
              c.ad().id(),
              c.ad().campaignId(),
              c.ad().category(),
              null,
              now.toEpochMilli(),
              Map.of("placement", placement, CampaignStats.DECISION_ATTRIBUTE, d.decisionId())));
    }
    try {
      events.ingest(impressions);
    } catch (RuntimeException e) {
      AdInventory inv = inventory.get();
      for (ChosenAd c : d.ads()) {
        try {
          Campaign campaign = inv.campaign(c.ad().campaignId());
          if (campaign != null) {
            state.ledger().cancel(userId, c.ad(), campaign, now, c.eventId());
          }
        } catch (RuntimeException cancelFailure) {
          LOG.warn(
              "could not give back the reservation of {}: {}",
              c.eventId(),
              cancelFailure.getMessage());
          e.addSuppressed(cancelFailure);
        }
      }
      throw e;
    }
    return d;
  }

  @Override
  public Eligibility check(String userId, String adId) {
    return decisions.check(userId, adId, reads::segmentInput);
  }

  /**
   * From the job's statistics in Redis, read fresh for each campaign; no event-time watermark (the job
   * keeps it, not the API node).
   */
  @Override
  public KpiSource ruleKpis() {
    return new StatsKpiSource(state::read, windows, clock, () -> null);
  }

  @Override
  public CampaignKpis kpis(Campaign c, Window window) {
    CampaignStats stats = state.read(c.id());
    long participants =
        reads
            .scope(Scope.CAMPAIGN, null, c.id(), false)
            .map(r -> r.distinct() == null ? 0L : r.distinct().estimate(window, r.nowMillis()))
            .orElse(0L);
    return CampaignKpis.of(
        c,
        stats,
        clock.instant(),
        window.name(),
        Duration.ofMillis(window.lengthMillis()),
        participants);
  }
}
