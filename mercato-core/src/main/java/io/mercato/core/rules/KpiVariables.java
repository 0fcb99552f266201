package io.mercato.core.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a rule's condition sees: a campaign's KPIs over the rule's window ({@link CampaignKpis}) with
 * its definition. Money is in the campaign's currency, as a double; counts are ints; shares are in
 * [0, 1].
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>name</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@code impressions}, {@code clicks}, {@code conversions}</td><td>int</td><td>in the window</td></tr>
 *   <tr><td>{@code revenue}, {@code spend}</td><td>double</td><td>in the window</td></tr>
 *   <tr><td>{@code participants}</td><td>int</td><td>distinct users in the window (-1 when the runtime
 *       does not know)</td></tr>
 *   <tr><td>{@code participants_total}</td><td>int</td><td>distinct users over the run (HLL estimate)</td></tr>
 *   <tr><td>{@code ctr}, {@code cvr}</td><td>double</td><td>clicks / impressions, conversions / clicks in
 *       the window; 0.0 without impressions (clicks): guard with a minimum sample</td></tr>
 *   <tr><td>{@code cpa}</td><td>double</td><td>spend / conversions in the window; 0.0 without spend,
 *       +infinity with spend and no conversion (so {@code cpa > 20} holds)</td></tr>
 *   <tr><td>{@code total_budget}, {@code daily_budget}</td><td>double</td><td>the campaign's budgets</td></tr>
 *   <tr><td>{@code budget_left}, {@code daily_budget_left}, {@code spent_today}</td><td>double</td><td>total budget
 *       minus all-time spend, daily budget minus today's spend (never negative), today's spend; today is
 *       the campaign's calendar day</td></tr>
 *   <tr><td>{@code time_elapsed}</td><td>double</td><td>share of the run elapsed</td></tr>
 *   <tr><td>{@code day_elapsed}</td><td>double</td><td>share of the campaign's day elapsed</td></tr>
 *   <tr><td>{@code pacing}</td><td>double</td><td>spent_today / (daily_budget × day_elapsed): 1 spends the
 *       daily budget evenly, above 1 ahead of it; 0.0 at the very start of a day</td></tr>
 *   <tr><td>{@code goal_share}</td><td>map(string, double)</td><td>per goal set on the campaign
 *       ({@code participants}, {@code conversions}, {@code revenue}): reached / target over the run; a
 *       goal the campaign does not have is absent (reading it is an error: the rule does not act)</td></tr>
 *   <tr><td>{@code goal_on_pace}</td><td>map(string, bool)</td><td>per goal: share ≥ time_elapsed</td></tr>
 *   <tr><td>{@code on_pace}</td><td>bool</td><td>every goal on pace (true without goals)</td></tr>
 *   <tr><td>{@code discount}</td><td>double</td><td>the discount's value (percent or amount), 0.0 without</td></tr>
 *   <tr><td>{@code discount_kind}</td><td>string</td><td>{@code percent}, {@code amount} or {@code none}</td></tr>
 *   <tr><td>{@code campaign_id}, {@code status}</td><td>string</td><td>the campaign's id and status</td></tr>
 *   <tr><td>{@code tags}</td><td>list(string)</td><td>the campaign's tags</td></tr>
 *   <tr><td>{@code start}, {@code end}, {@code now}</td><td>timestamp</td><td>the run and the evaluation time
 *       (wall clock), e.g. {@code end - now < duration("24h")}</td></tr>
 * </table>
 */
public final class KpiVariables {
  /** Variable name → CEL type, in documentation order. */
  static final Map<String, CelType> TYPES = types();

  private KpiVariables() {}

  private static Map<String, CelType> types() {
    Map<String, CelType> t = new LinkedHashMap<>();
    for (String n : List.of("impressions", "clicks", "conversions")) {
      t.put(n, SimpleType.INT);
    }
    t.put("revenue", SimpleType.DOUBLE);
    t.put("spend", SimpleType.DOUBLE);
    t.put("participants", SimpleType.INT);
    t.put("participants_total", SimpleType.INT);
    for (String n :
        List.of(
            "ctr",
            "cvr",
            "cpa",
            "total_budget",
            "daily_budget",
            "budget_left",
            "daily_budget_left",
            "spent_today",
            "time_elapsed",
            "day_elapsed",
            "pacing")) {
      t.put(n, SimpleType.DOUBLE);
    }
    t.put("goal_share", MapType.create(SimpleType.STRING, SimpleType.DOUBLE));
    t.put("goal_on_pace", MapType.create(SimpleType.STRING, SimpleType.BOOL));
    t.put("on_pace", SimpleType.BOOL);
    t.put("discount", SimpleType.DOUBLE);
    t.put("discount_kind", SimpleType.STRING);
    t.put("campaign_id", SimpleType.STRING);
    t.put("status", SimpleType.STRING);
    t.put("tags", ListType.create(SimpleType.STRING));
    t.put("start", SimpleType.TIMESTAMP);
    t.put("end", SimpleType.TIMESTAMP);
    t.put("now", SimpleType.TIMESTAMP);
    return Collections.unmodifiableMap(t);
  }

  /** The names a condition may use, for error messages. */
  public static String names() {
    return String.join(", ", TYPES.keySet());
  }

  /**
   * The variables of campaign {@code c} with KPIs {@code k}, evaluated at {@code now}. The map's
   * values are what CEL expects (Long, Double, Boolean, String, List, Map, Instant).
   */
  public static Map<String, Object> of(Campaign c, CampaignKpis k, Instant now) {
    Map<String, Object> v = new LinkedHashMap<>(48);
    long impressions = k.window().impressions();
    long clicks = k.window().clicks();
    long conversions = k.window().conversions();
    double spend = k.window().spend().doubleValue();
    v.put("impressions", impressions);
    v.put("clicks", clicks);
    v.put("conversions", conversions);
    v.put("revenue", k.window().revenue().doubleValue());
    v.put("spend", spend);
    v.put("participants", k.participants());
    v.put("participants_total", k.participantsTotal());
    v.put("ctr", k.ctr() == null ? 0.0 : k.ctr());
    v.put("cvr", k.cvr() == null ? 0.0 : k.cvr());
    v.put(
        "cpa", conversions > 0 ? spend / conversions : spend > 0 ? Double.POSITIVE_INFINITY : 0.0);
    double daily = c.dailyBudget().doubleValue();
    double today = k.spentToday().doubleValue();
    double dayElapsed = c.dayElapsed(now);
    v.put("total_budget", c.totalBudget().doubleValue());
    v.put("daily_budget", daily);
    v.put("budget_left", k.budgetLeft().doubleValue());
    v.put("daily_budget_left", k.dailyBudgetLeft().doubleValue());
    v.put("spent_today", today);
    v.put("time_elapsed", k.timeElapsed());
    v.put("day_elapsed", dayElapsed);
    v.put("pacing", daily * dayElapsed > 0 ? today / (daily * dayElapsed) : 0.0);
    Map<String, Double> share = new LinkedHashMap<>();
    Map<String, Boolean> onPace = new LinkedHashMap<>();
    boolean all = true;
    for (CampaignKpis.GoalProgress g : k.goals()) {
      share.put(g.goal(), g.share());
      onPace.put(g.goal(), g.onPace());
      all &= g.onPace();
    }
    v.put("goal_share", share);
    v.put("goal_on_pace", onPace);
    v.put("on_pace", all);
    v.put("discount", c.discount() == null ? 0.0 : c.discount().value().doubleValue());
    v.put(
        "discount_kind",
        c.discount() == null ? "none" : c.discount().kind().name().toLowerCase(Locale.ROOT));
    v.put("campaign_id", c.id());
    v.put("status", c.status().wireName());
    v.put("tags", new ArrayList<>(c.tags()));
    v.put("start", c.start());
    v.put("end", c.end());
    v.put("now", now);
    return v;
  }

  /** The counts the minimum sample is checked against: {@code [impressions, clicks, conversions]}. */
  static long[] sample(Map<String, Object> v) {
    return new long[] {
      (Long) v.get("impressions"), (Long) v.get("clicks"), (Long) v.get("conversions")
    };
  }

  /**
   * The values for the audit log: instants as ISO-8601 text, non-finite doubles as text
   * ({@code "Infinity"}), everything else as is.
   */
  static Map<String, Object> forAudit(Map<String, Object> v) {
    Map<String, Object> out = new LinkedHashMap<>();
    v.forEach(
        (name, value) -> {
          if (value instanceof Instant i) {
            out.put(name, i.toString());
          } else if (value instanceof Double d && !Double.isFinite(d)) {
            out.put(name, d.toString());
          } else if (value instanceof BigDecimal b) {
            out.put(name, b.toPlainString());
          } else {
            out.put(name, value);
          }
        });
    return out;
  }
}
