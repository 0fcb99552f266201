package io.mercato.core.ads.decide;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.stats.RateValue;
import io.mercato.core.stats.Rates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's live KPIs over a window ending now, with its all-time position against budget and
 * goals. Window counts cover the whole minutes overlapping the window (whole hours beyond 24 hours),
 * by event time; money is in the campaign's currency.
 *
 * @param campaignId        the campaign
 * @param windowName        the window's name (e.g. {@code 1h})
 * @param fromMillis        start of the window's first slot
 * @param toMillis          now
 * @param participants      distinct users with an event of the campaign in the window (HLL, from
 *                          the statistics engine), or -1 when not known
 * @param participantsTotal distinct users over the campaign's run (HLL estimate)
 * @param window            counts and money in the window
 * @param ctr               clicks / impressions in the window, in [0, 1]; null without impressions or
 *                          with more clicks than impressions ({@code nullReasons} says which)
 * @param cvr               conversions / clicks in the window, in [0, 1]; null without clicks or with
 *                          more conversions than clicks (conversions need not follow a click: a
 *                          purchase naming the campaign counts too)
 * @param cpa               cost per acquisition: spend / conversions in the window, in the campaign's
 *                          currency; null without conversions
 * @param nullReasons       why each null of {@code ctr}, {@code cvr} and {@code cpa} is null, by name:
 *                          {@code no_trials} or {@code successes_exceed_trials} (see
 *                          {@link RateValue.Undefined}), {@code no_conversions}; empty when none is
 * @param total             all-time totals
 * @param spentToday        spend of the campaign's current day
 * @param budgetLeft        total budget minus all-time spend (never negative)
 * @param dailyBudgetLeft   daily budget minus today's spend (never negative)
 * @param timeElapsed       share of the campaign's run elapsed, 0..1
 * @param goals             progress per goal set on the campaign
 * @param series            one point per minute of the window (per hour beyond 24 hours)
 */
public record CampaignKpis(
    String campaignId,
    String windowName,
    long fromMillis,
    long toMillis,
    long participants,
    long participantsTotal,
    WindowTotals window,
    Double ctr,
    Double cvr,
    BigDecimal cpa,
    Map<String, String> nullReasons,
    CampaignTotals total,
    BigDecimal spentToday,
    BigDecimal budgetLeft,
    BigDecimal dailyBudgetLeft,
    double timeElapsed,
    List<GoalProgress> goals,
    List<SeriesPoint> series) {
  /** The {@code nullReasons} code of a CPA without conversions. */
  public static final String NO_CONVERSIONS = "no_conversions";

  /**
   * Progress toward one goal.
   *
   * @param goal     participants, conversions or revenue
   * @param target   the goal
   * @param actual   reached so far over the campaign's run
   * @param share    actual / target
   * @param onPace   true when share ≥ the share of the run elapsed
   * @param sentence e.g. "participants 1,240 of 5,000 (25%), 62% of the time elapsed"
   */
  public record GoalProgress(
      String goal,
      BigDecimal target,
      BigDecimal actual,
      double share,
      boolean onPace,
      String sentence) {}

  /**
   * Builds the KPIs of {@code c} for the window of length {@code window} ending at {@code now}.
   *
   * @param participantsInWindow distinct users in the window from the statistics engine, or -1
   */
  public static CampaignKpis of(
      Campaign c,
      AdLedger ledger,
      Instant now,
      String windowName,
      Duration window,
      long participantsInWindow) {
    return of(c, ledger.stats(c.id()), now, windowName, window, participantsInWindow);
  }

  /**
   * Builds the KPIs of {@code c} from its statistics {@code s} (read from the embedded ledger or, in
   * the cluster runtime, from Redis) for the window of length {@code window} ending at {@code now}.
   *
   * @param participantsInWindow distinct users in the window from the statistics engine, or -1
   */
  public static CampaignKpis of(
      Campaign c,
      CampaignStats s,
      Instant now,
      String windowName,
      Duration window,
      long participantsInWindow) {
    return build(c, s, now, windowName, window, participantsInWindow, true);
  }

  /**
   * The same KPIs without the per-minute series (empty {@link #series()}) and with empty goal
   * sentences: what automation rules read every cycle for every campaign, where building up to
   * 1,440 points and formatting a sentence per goal would cost more than everything else.
   */
  public static CampaignKpis withoutSeries(
      Campaign c,
      CampaignStats s,
      Instant now,
      String windowName,
      Duration window,
      long participantsInWindow) {
    return build(c, s, now, windowName, window, participantsInWindow, false);
  }

  private static CampaignKpis build(
      Campaign c,
      CampaignStats s,
      Instant now,
      String windowName,
      Duration window,
      long participantsInWindow,
      boolean withSeries) {
    long to = now.toEpochMilli();
    boolean perMinute = window.compareTo(Duration.ofHours(24)) <= 0;
    long width = perMinute ? KpiSeries.MINUTE : KpiSeries.HOUR;
    // the slots overlapping (now - window, now]: as many slots as the window spans
    long lastSlot = Math.floorDiv(to, width);
    long slots = Math.max(1, (window.toMillis() + width - 1) / width);
    long from = (lastSlot - slots + 1) * width;
    WindowTotals w = s.window(from, to);
    CampaignTotals total = s.totals();
    BigDecimal today = s.spentToday(c, now);
    double elapsed = c.runElapsed(now);
    List<GoalProgress> goals = new ArrayList<>();
    CampaignGoals g = c.goals();
    long people = s.participants();
    if (g.participants() != null) {
      goals.add(
          progress(
              "participants",
              BigDecimal.valueOf(g.participants()),
              BigDecimal.valueOf(people),
              elapsed,
              withSeries));
    }
    if (g.conversions() != null) {
      goals.add(
          progress(
              "conversions",
              BigDecimal.valueOf(g.conversions()),
              BigDecimal.valueOf(total.conversions()),
              elapsed,
              withSeries));
    }
    if (g.revenue() != null) {
      goals.add(progress("revenue", g.revenue(), total.revenue(), elapsed, withSeries));
    }
    // The same rule as every other rate (Rates): in [0, 1] or null with a reason; KPIs are not
    // smoothed.
    RateValue ctr = Rates.rate(w.clicks(), w.impressions(), null, 0);
    RateValue cvr = Rates.rate(w.conversions(), w.clicks(), null, 0);
    Map<String, String> nullReasons = new TreeMap<>();
    if (ctr.reason() != null) {
      nullReasons.put("ctr", ctr.reason().code());
    }
    if (cvr.reason() != null) {
      nullReasons.put("cvr", cvr.reason().code());
    }
    BigDecimal cpa = null;
    if (w.conversions() == 0) {
      nullReasons.put("cpa", NO_CONVERSIONS);
    } else {
      cpa =
          w.spend()
              .divide(BigDecimal.valueOf(w.conversions()), 6, RoundingMode.HALF_UP)
              .stripTrailingZeros();
    }
    return new CampaignKpis(
        c.id(),
        windowName,
        from,
        to,
        participantsInWindow,
        people,
        w,
        ctr.raw(),
        cvr.raw(),
        cpa,
        Collections.unmodifiableMap(nullReasons),
        total,
        today,
        c.totalBudget().subtract(total.spend()).max(BigDecimal.ZERO),
        c.dailyBudget().subtract(today).max(BigDecimal.ZERO),
        elapsed,
        goals,
        withSeries ? s.series(from, to, perMinute) : List.of());
  }

  private static GoalProgress progress(
      String goal, BigDecimal target, BigDecimal actual, double elapsed, boolean withSentence) {
    double share = actual.divide(target, 6, RoundingMode.HALF_UP).doubleValue();
    String sentence =
        !withSentence
            ? ""
            : String.format(
                Locale.ROOT,
                "%s %s of %s (%.0f%%), %.0f%% of the time elapsed",
                goal,
                actual.stripTrailingZeros().toPlainString(),
                target.stripTrailingZeros().toPlainString(),
                100 * share,
                100 * elapsed);
    return new GoalProgress(goal, target, actual, share, share >= elapsed, sentence);
  }
}
