package io.mercato.core.campaign.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Undo of an applied change: every change of its batch (both sides of a budget move) is set back to
 * its value before, through the one change path, as long as each field still has the value the
 * change set. Preview first, then apply; the undo is itself audited ({@code undo_of} names the
 * entry undone). Refused with {@link UndoRefusedException} — nothing changed — when the entry was
 * not applied (a dry run, a notification), was already undone, or a field changed again since.
 */
public final class Undo {
  private final CampaignChanges changes;

  public Undo(CampaignChanges changes) {
    this.changes = Objects.requireNonNull(changes, "changes");
  }

  /**
   * What undoing audit entry {@code auditId} would change now.
   *
   * @throws UnknownEntityException when there is no such entry
   * @throws UndoRefusedException   when it cannot be undone, saying why
   */
  public ChangePlan preview(long auditId, Actor actor, String reason, ChangeContext ctx) {
    ChangeLog log = changes.log();
    AuditEntry entry =
        log.entry(auditId).orElseThrow(() -> new UnknownEntityException("audit entry " + auditId));
    if (entry.outcome() != AuditOutcome.APPLIED
        || entry.change().field() == ChangeField.NOTIFICATION) {
      throw new UndoRefusedException(
          auditId, "it was not an applied change (outcome " + entry.outcome().wireName() + ")");
    }
    List<CampaignChange> plan = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (AuditEntry e : log.batch(entry.batchId())) {
      log.undoneBy(e.id())
          .ifPresent(
              u -> {
                throw new UndoRefusedException(
                    auditId, "it was already undone by audit entry " + u.id());
              });
      CampaignChange c = e.change();
      Provenance why =
          new Provenance(
              reason == null || reason.isBlank() ? "undo of audit entry " + e.id() : reason,
              null,
              e.id());
      ChangePlan p =
          changes
              .planner()
              .plan(
                  new Adjustment(
                      c.entity(), new Operation.Restore(c.field(), c.after(), c.before())),
                  actor,
                  why,
                  ctx);
      plan.addAll(p.changes());
      notes.addAll(p.notes());
    }
    return new ChangePlan(plan, notes);
  }

  /** Undoes audit entry {@code auditId} (and the rest of its batch). */
  public Committed apply(long auditId, Actor actor, String reason, ChangeContext ctx) {
    ChangePlan plan = preview(auditId, actor, reason, ctx);
    try {
      return changes.commit(plan);
    } catch (StaleChangeException e) {
      throw new UndoRefusedException(auditId, e.getMessage());
    }
  }
}
