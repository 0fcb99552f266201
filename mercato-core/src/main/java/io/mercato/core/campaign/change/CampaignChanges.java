package io.mercato.core.campaign.change;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The one change path: every change of a campaign or ad — a rule's run, a person's adjustment, an
 * approved plan, an undo — is planned by the {@link ChangePlanner} (so the same guardrails apply)
 * and committed through the {@link ChangeLog} (so it is applied atomically, checked against what it
 * was planned from, and audited). Thread-safe.
 */
public final class CampaignChanges {
  private final ChangePlanner planner;
  private final ChangeLog log;
  private final InstantSource clock;

  public CampaignChanges(ChangePlanner planner, ChangeLog log, InstantSource clock) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ChangePlanner planner() {
    return planner;
  }

  public ChangeLog log() {
    return log;
  }

  /** What {@code adjustment} would change now; nothing is applied or audited. */
  public ChangePlan preview(Adjustment adjustment, Actor actor, Provenance why, ChangeContext ctx) {
    return planner.plan(adjustment, actor, why, ctx);
  }

  /**
   * Plans {@code adjustment} and commits it.
   *
   * @return what was applied; {@link Committed#NONE} (nothing audited) when the plan was empty
   * @throws StaleChangeException when a value changed between planning and commit
   */
  public Committed apply(Adjustment adjustment, Actor actor, Provenance why, ChangeContext ctx) {
    return commit(planner.plan(adjustment, actor, why, ctx));
  }

  /** Commits a plan made earlier (an approved one): refused if a value it was made from changed. */
  public Committed commit(ChangePlan plan) {
    return plan.isEmpty() ? Committed.NONE : log.commit(plan.changes(), clock.instant());
  }

  /** Audits a plan without applying it (dry run, proposal, approval request). */
  public List<AuditEntry> record(ChangePlan plan, AuditOutcome outcome) {
    return plan.isEmpty() ? List.of() : log.record(plan.changes(), outcome, clock.instant());
  }
}
