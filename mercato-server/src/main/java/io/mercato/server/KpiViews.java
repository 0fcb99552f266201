package io.mercato.server;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.SeriesPoint;
import io.mercato.core.ads.decide.WindowTotals;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The JSON shape of campaign KPIs, shared by the KPI endpoint and its SSE stream. */
final class KpiViews {
  private KpiViews() {}

  static Kpis of(Campaign c, CampaignKpis k) {
    WindowTotals w = k.window();
    return new Kpis(
        c.id(),
        c.currency(),
        k.windowName(),
        Json.time(k.fromMillis()),
        Json.time(k.toMillis()),
        k.participants(),
        k.participantsTotal(),
        w.impressions(),
        w.clicks(),
        w.conversions(),
        w.revenue(),
        w.spend(),
        k.ctr(),
        k.cvr(),
        k.cpa(),
        k.nullReasons(),
        new Totals(
            k.total().impressions(),
            k.total().clicks(),
            k.total().conversions(),
            k.total().revenue(),
            k.total().spend(),
            k.total().overdelivery()),
        new Budget(
            c.totalBudget(), k.budgetLeft(), c.dailyBudget(), k.spentToday(), k.dailyBudgetLeft()),
        k.timeElapsed(),
        k.goals().stream()
            .map(
                g ->
                    new Goal(g.goal(), g.target(), g.actual(), g.share(), g.onPace(), g.sentence()))
            .toList(),
        k.series().stream().map(KpiViews::point).toList());
  }

  private static Point point(SeriesPoint p) {
    WindowTotals t = p.totals();
    return new Point(
        Json.time(p.startMillis()),
        t.impressions(),
        t.clicks(),
        t.conversions(),
        t.revenue(),
        t.spend());
  }

  record Kpis(
      String campaignId,
      String currency,
      String window,
      String from,
      String to,
      long participants,
      long participantsTotal,
      long impressions,
      long clicks,
      long conversions,
      BigDecimal revenue,
      BigDecimal spend,
      Double ctr,
      Double cvr,
      BigDecimal cpa,
      Map<String, String> nullReasons,
      Totals total,
      Budget budget,
      double timeElapsed,
      List<Goal> goals,
      List<Point> series) {}

  record Totals(
      long impressions,
      long clicks,
      long conversions,
      BigDecimal revenue,
      BigDecimal spend,
      BigDecimal overdelivery) {}

  record Budget(
      BigDecimal total,
      BigDecimal left,
      BigDecimal daily,
      BigDecimal spentToday,
      BigDecimal dailyLeft) {}

  record Goal(
      String goal,
      BigDecimal target,
      BigDecimal actual,
      double share,
      boolean onPace,
      String summary) {}

  record Point(
      String start,
      long impressions,
      long clicks,
      long conversions,
      BigDecimal revenue,
      BigDecimal spend) {}
}
