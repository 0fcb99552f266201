package io.mercato.core.rules;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link KpiSource} over campaign statistics aggregates (what both runtimes hold), with KPIs built
 * as the KPI endpoint builds them ({@link CampaignKpis#withoutSeries}: no series, which rules do not read). Participants in the window are
 * not known here (-1). Thread-safe when the statistics are.
 */
public final class StatsKpiSource implements KpiSource {
  private final Function<String, CampaignStats> stats;
  private final Windows windows;
  private final InstantSource clock;
  private final Supplier<Instant> watermark;

  /**
   * @param stats     the statistics of a campaign id, or null when it has none
   * @param windows   the configured windows (names and lengths)
   * @param clock     now, for the windows' end and today's spend (the same clock as the KPI endpoint)
   * @param watermark the newest event time applied, or null when unknown
   */
  public StatsKpiSource(
      Function<String, CampaignStats> stats,
      Windows windows,
      InstantSource clock,
      Supplier<Instant> watermark) {
    this.stats = Objects.requireNonNull(stats, "stats");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.watermark = Objects.requireNonNull(watermark, "watermark");
  }

  @Override
  public CampaignKpis kpis(Campaign c, String window) {
    CampaignStats s = stats.apply(c.id());
    if (s == null) {
      return null;
    }
    Window w = windows.byName(window);
    return CampaignKpis.withoutSeries(
        c, s, clock.instant(), window, Duration.ofMillis(w.lengthMillis()), -1);
  }

  @Override
  public long[] adCounts(String campaignId, String adId) {
    CampaignStats s = stats.apply(campaignId);
    return s == null ? new long[2] : s.adCounts(adId);
  }

  @Override
  public BigDecimal spent(String campaignId) {
    CampaignStats s = stats.apply(campaignId);
    return s == null ? BigDecimal.ZERO : s.totals().spend();
  }

  @Override
  public Instant watermark() {
    return watermark.get();
  }
}
