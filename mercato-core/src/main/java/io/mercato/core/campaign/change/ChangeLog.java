package io.mercato.core.campaign.change;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where changes are applied and the audit log is kept (the port; the relational implementation in
 * {@code mercato-store} writes both in one transaction). The log is append-only: entries are never
 * updated or deleted.
 *
 * <p>Failures of the underlying store are {@link io.mercato.core.ads.CampaignStoreException}s;
 * after one, nothing of the failed call is visible. Implementations are thread-safe.
 */
public interface ChangeLog {
  /**
   * Applies every change atomically and appends one {@link AuditOutcome#APPLIED} entry per change,
   * all of one batch. Each change's {@code before} must still be the field's current value
   * ({@link FieldValues}); otherwise nothing is applied.
   *
   * @param at the time the entries carry; the changed definitions are stamped with it too
   * @throws StaleChangeException   when a field is no longer at its {@code before}
   * @throws UnknownEntityException when an entity no longer exists
   */
  Committed commit(List<CampaignChange> changes, Instant at);

  /** Appends entries that change nothing (dry runs, proposals, notifications), all of one batch. */
  List<AuditEntry> record(List<CampaignChange> changes, AuditOutcome outcome, Instant at);

  /** The entry with this id. */
  Optional<AuditEntry> entry(long id);

  /** Every entry of a batch, in id order. */
  List<AuditEntry> batch(long batchId);

  /** The applied entry that undid entry {@code id}, if any. */
  Optional<AuditEntry> undoneBy(long id);

  /** A page of entries, newest first. */
  AuditPage query(AuditQuery query);
}
