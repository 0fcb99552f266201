package io.mercato.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the evaluator remembers between cycles: when each rule was last checked (triggers), when it
 * last acted on each campaign (cooldown), how often it acted on each campaign today (the daily
 * maximum, per calendar day of the campaign's zone), the KPIs it last looked at (on-KPI-change
 * triggers) and its last failure (so a failing condition is recorded once, not every cycle). Cooldown
 * and daily counts are kept per rule id (an edit does not reset them) and rebuilt from the run log
 * when an evaluator starts or takes over, so a restart or a failover neither forgets nor repeats.
 * Not thread-safe: the evaluator owns it.
 */
final class RuleMemory {
  private final Map<String, Instant> lastCheck = new HashMap<>();
  private final Map<String, Instant> cooldownFrom = new HashMap<>();
  private final Map<String, long[]> today = new HashMap<>();
  private final Map<String, Object> lastKpis = new HashMap<>();
  private final Map<String, Instant> lastKpiCheck = new HashMap<>();
  private final Map<String, String> lastFailure = new HashMap<>();

  /** The memory of the runs in {@code log} since {@code since}, zones from {@code zoneOf}. */
  static RuleMemory rebuild(RuleRunLog log, Instant since, Function<String, ZoneId> zoneOf) {
    RuleMemory m = new RuleMemory();
    for (RuleRun run : log.since(since)) {
      m.record(run, zoneOf.apply(run.campaignId()));
    }
    return m;
  }

  private static String pair(String ruleId, String campaignId) {
    return ruleId + '\u0000' + campaignId;
  }

  void record(RuleRun run, ZoneId zone) {
    String key = pair(run.rule().id(), run.campaignId());
    if (run.outcome().startsCooldown()) {
      cooldownFrom.merge(key, run.at(), (a, b) -> a.isAfter(b) ? a : b);
    }
    if (run.outcome().isAction()) {
      long day = LocalDate.ofInstant(run.at(), zone).toEpochDay();
      long[] d = today.computeIfAbsent(key, k -> new long[] {day, 0});
      if (d[0] < day) {
        d[0] = day;
        d[1] = 0;
      }
      if (d[0] == day) {
        d[1]++;
      }
    }
  }

  /** When the cooldown of {@code rule} on {@code campaign} ends, or null when there is none running. */
  Instant coolUntil(Rule rule, String campaignId, Instant now) {
    Instant from = cooldownFrom.get(pair(rule.id(), campaignId));
    if (from == null || rule.cooldown().isZero()) {
      return null;
    }
    Instant until = from.plus(rule.cooldown());
    return until.isAfter(now) ? until : null;
  }

  /** How often {@code rule} acted on {@code campaign} on the calendar day of {@code now} in {@code zone}. */
  long actionsToday(Rule rule, String campaignId, Instant now, ZoneId zone) {
    long[] d = today.get(pair(rule.id(), campaignId));
    return d != null && d[0] == LocalDate.ofInstant(now, zone).toEpochDay() ? d[1] : 0;
  }

  /** The last time rule {@code ruleId} was checked as a whole (every / cron triggers), or null. */
  Instant lastCheck(String ruleId) {
    return lastCheck.get(ruleId);
  }

  void checked(String ruleId, Instant at) {
    lastCheck.put(ruleId, at);
  }

  /**
   * For an on-KPI-change trigger: true (and remembered) when {@code fingerprint} differs from what
   * the rule last looked at on this campaign and at least {@code minInterval} passed since.
   */
  boolean kpisChanged(
      String ruleId, String campaignId, Object fingerprint, Instant now, Duration minInterval) {
    String key = pair(ruleId, campaignId);
    Instant last = lastKpiCheck.get(key);
    if (last != null && now.isBefore(last.plus(minInterval))) {
      return false;
    }
    if (Objects.equals(lastKpis.get(key), fingerprint)) {
      return false;
    }
    lastKpis.put(key, fingerprint);
    lastKpiCheck.put(key, now);
    return true;
  }

  /**
   * True when {@code message} is news for this rule version on this campaign: a failure, or "nothing
   * to change" with its reason, differing from the last one remembered (then remembered).
   */
  boolean newFailure(RuleRef rule, String campaignId, String message) {
    return !message.equals(lastFailure.put(rule + "\u0000" + campaignId, message));
  }

  /** Forgets the last failure or no-op once the rule version acts or finds its condition false again. */
  void succeeded(RuleRef rule, String campaignId) {
    lastFailure.remove(rule + "\u0000" + campaignId);
  }
}
