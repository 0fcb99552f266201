package io.mercato.core.rules;

import io.mercato.core.campaign.change.KpiSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a rule version on one campaign whose condition held.
 *
 * @param id         assigned by the log, increasing; 0 before it is appended
 * @param rule       {@code id@version}
 * @param campaignId the campaign
 * @param at         when (wall clock)
 * @param outcome    what came of it
 * @param detail     in words: what was planned, clamped, or why it failed
 * @param kpis       what the rule saw (with the event-time watermark)
 * @param auditIds   the audit entries it wrote (changes, dry runs, proposals, approval requests)
 * @param approvalId the approval it requested, or null
 */
public record RuleRun(
    long id,
    RuleRef rule,
    String campaignId,
    Instant at,
    RunOutcome outcome,
    String detail,
    KpiSnapshot kpis,
    List<Long> auditIds,
    Long approvalId) {
  public RuleRun {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    auditIds = List.copyOf(auditIds);
  }

  /** This run with the id the log gave it. */
  public RuleRun withId(long newId) {
    return new RuleRun(newId, rule, campaignId, at, outcome, detail, kpis, auditIds, approvalId);
  }
}
