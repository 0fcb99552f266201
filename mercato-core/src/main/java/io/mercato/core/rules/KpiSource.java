package io.mercato.core.rules;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The live KPIs rules read (the port each runtime implements: the embedded ledger, or Redis in a
 * cluster; {@link StatsKpiSource} over {@code CampaignStats}). Reads may be a little behind the
 * events; the watermark says how far.
 */
public interface KpiSource {
  /** The campaign's KPIs over window {@code window} ending now, or null when it has no statistics. */
  CampaignKpis kpis(Campaign c, String window);

  /** All-time {@code [impressions, clicks]} of one ad of the campaign ({@code [0, 0]} when none). */
  long[] adCounts(String campaignId, String adId);

  /** What the campaign spent over its run, in its currency (zero when unknown). */
  BigDecimal spent(String campaignId);

  /** The newest event time the KPIs include (the event-time watermark), or null when unknown. */
  Instant watermark();
}
