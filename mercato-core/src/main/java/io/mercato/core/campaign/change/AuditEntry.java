package io.mercato.core.campaign.change;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the append-only audit log.
 *
 * @param id      increasing with time of writing, from 1
 * @param batchId the id of the first entry written with it (a budget move writes two entries of one
 *                batch; undo undoes a whole batch); equal to {@code id} for a lone entry
 * @param at      when it was written (wall clock)
 * @param change  what changed, by whom, from what to what
 * @param outcome whether it was applied, only computed, proposed, ...
 */
public record AuditEntry(
    long id, long batchId, Instant at, CampaignChange change, AuditOutcome outcome) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(outcome, "outcome");
    if (id < 1 || batchId < 1 || batchId > id) {
      throw new IllegalArgumentException(
          "audit ids start at 1 and a batch at its first entry: id " + id + ", batch " + batchId);
    }
  }
}
