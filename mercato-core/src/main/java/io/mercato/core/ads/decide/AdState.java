package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What {@link DecisionService} reads and reserves: users' frequency caps, campaigns' budgets, and
 * the impression and click counts the {@link CtrModel} smooths. The embedded runtime's
 * {@link AdLedger} keeps it in memory; the cluster runtime's API nodes keep caps and reserved spend
 * in Redis (atomic scripts) and read the stream job's {@link CampaignStats} from Redis.
 *
 * <p>Implementations are thread-safe; {@link #reserve} is atomic per user and per campaign: concurrent
 * reservations never exceed a cap or a budget.
 */
public interface AdState {
  /**
   * Serves {@code ad} to {@code userId} at {@code now} if the campaign's caps and budget allow,
   * recording the impression under {@code eventId}. Returns {@link CapCheck#OK} when recorded,
   * otherwise the first rule that refused (and nothing changed).
   */
  CapCheck reserve(String userId, Ad ad, Campaign c, Instant now, String eventId);

  /**
   * The user's impressions of the last hour and 24 hours, per ad and per campaign, read once per
   * decision: {@code key → [hour, day]} with keys {@code "a:" + adId} and {@code "c:" + campaignId}.
   */
  Map<String, int[]> capCounts(String userId, Instant now);

  /** Impressions of the user in the last hour and day, for the ad and for its campaign. */
  default int[] capUse(String userId, String adId, String campaignId, Instant now) {
    Map<String, int[]> m = capCounts(userId, now);
    int[] a = m.getOrDefault("a:" + adId, new int[2]);
    int[] c = m.getOrDefault("c:" + campaignId, new int[2]);
    return new int[] {a[0], a[1], c[0], c[1]};
  }

  /** The campaign's {@link BudgetPosition} at {@code now}. */
  BudgetPosition budgetPosition(Campaign c, Instant now);

  /** Whether the campaign's budget and pacing let it serve {@code ad} now (its CPM or one click). */
  default boolean withinBudget(Ad ad, Campaign c, Instant now) {
    return budgetPosition(c, now).fits(ad);
  }

  /** Today's spend of a campaign in its currency. */
  BigDecimal spentToday(Campaign c, Instant now);

  /** Impressions and clicks of an ad of a campaign: {@code [impressions, clicks]}. */
  long[] adCounts(String campaignId, String adId);

  /** Impressions and clicks of a campaign's ads of one category (null for none). */
  long[] campaignCategoryCounts(String campaignId, String category);

  /** Impressions and clicks of a campaign's ads. */
  long[] campaignCounts(String campaignId);

  /** Impressions and clicks of every ad. */
  long[] globalCounts();
}
