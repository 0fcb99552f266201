package io.mercato.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Planned changes waiting for approval (the port; relational in {@code mercato-store}).
 * Implementations are thread-safe; {@link #transition} is atomic, so two people deciding at once
 * cannot both win.
 */
public interface ApprovalStore {
  /** Stores {@code approval} (its id is ignored) and returns it with its id. */
  PendingApproval create(PendingApproval approval);

  /** The approval with this id. */
  Optional<PendingApproval> get(long id);

  /** Approvals in {@code status} (null for any), newest first, at most {@code limit} (1..1000). */
  List<PendingApproval> list(ApprovalStatus status, int limit);

  /** Pending approvals whose expiry is at or before {@code now}. */
  List<PendingApproval> expiring(Instant now);

  /**
   * Moves approval {@code id} from {@code from} to {@code to}, recording who and when, if it is
   * still in {@code from}.
   *
   * @return false (and nothing changed) when it is not in {@code from} (someone else decided) or
   *         does not exist
   */
  boolean transition(long id, ApprovalStatus from, ApprovalStatus to, String by, Instant at);
}
