package io.mercato.core.rules;

import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangePlan;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.StaleChangeException;
import io.mercato.core.campaign.change.UnknownEntityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The life of changes that wait for approval: requested by a rule's run, then approved (applied
 * through the one change path, refused if a value they were planned from changed since), rejected,
 * or expired. Every step is audited. An approval is decided once: the store's atomic transition
 * makes a second decision fail with {@link ApprovalClosedException}. Thread-safe.
 */
public final class Approvals {
  private final ApprovalStore store;
  private final CampaignChanges changes;
  private final InstantSource clock;

  public Approvals(ApprovalStore store, CampaignChanges changes, InstantSource clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Stores {@code plan} as waiting for approval until {@code ttl} from now, and audits the request. */
  public Requested request(RuleRef rule, String campaignId, ChangePlan plan, Duration ttl) {
    Instant now = clock.instant();
    PendingApproval a =
        store.create(
            new PendingApproval(
                0,
                rule,
                campaignId,
                plan.changes(),
                now,
                now.plus(ttl),
                ApprovalStatus.PENDING,
                null,
                null));
    List<AuditEntry> audit = changes.record(plan, AuditOutcome.APPROVAL_REQUESTED);
    return new Requested(a, audit);
  }

  /** An approval stored, with its audit entries. */
  public record Requested(PendingApproval approval, List<AuditEntry> audit) {}

  /**
   * Applies the planned changes of approval {@code id} as {@code person}, for the rule that planned them.
   *
   * @throws UnknownEntityException  when there is no such approval
   * @throws ApprovalClosedException when it is decided already or expired (an expired one is closed
   *                                 as such and audited)
   * @throws StaleChangeException    when a value it was planned from changed since: nothing applied,
   *                                 the approval is closed as stale
   */
  public Committed approve(long id, Actor person) {
    PendingApproval a = open(id);
    Instant now = clock.instant();
    if (!store.transition(
        id, ApprovalStatus.PENDING, ApprovalStatus.APPROVED, person.name(), now)) {
      throw closed(id);
    }
    List<CampaignChange> approved = new ArrayList<>();
    for (CampaignChange c : a.changes()) {
      approved.add(
          c.by(
              person.forRule(a.rule().id(), a.rule().version()),
              "approved by " + person.name() + " (approval " + id + ")"));
    }
    try {
      return changes.commit(new ChangePlan(approved, List.of()));
    } catch (StaleChangeException e) {
      store.transition(id, ApprovalStatus.APPROVED, ApprovalStatus.STALE, person.name(), now);
      throw e;
    }
  }

  /**
   * Rejects approval {@code id}: nothing is applied; the rejection is audited.
   *
   * @throws ApprovalClosedException when it is decided already or expired
   */
  public List<AuditEntry> reject(long id, Actor person, String reason) {
    PendingApproval a = open(id);
    if (!store.transition(
        id, ApprovalStatus.PENDING, ApprovalStatus.REJECTED, person.name(), clock.instant())) {
      throw closed(id);
    }
    String why =
        "rejected by " + person.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
    return audit(a, person.forRule(a.rule().id(), a.rule().version()), why, AuditOutcome.REJECTED);
  }

  /** Closes every pending approval whose time is up, auditing each; returns those closed. */
  public List<PendingApproval> expireDue() {
    Instant now = clock.instant();
    List<PendingApproval> out = new ArrayList<>();
    for (PendingApproval a : store.expiring(now)) {
      if (store.transition(a.id(), ApprovalStatus.PENDING, ApprovalStatus.EXPIRED, "system", now)) {
        audit(
            a,
            Actor.system().forRule(a.rule().id(), a.rule().version()),
            "expired at " + a.expiresAt() + " without a decision",
            AuditOutcome.EXPIRED);
        out.add(a.closed(ApprovalStatus.EXPIRED, "system", now));
      }
    }
    return out;
  }

  /** The approval, pending and not expired; an expired one is closed on the way. */
  private PendingApproval open(long id) {
    PendingApproval a =
        store.get(id).orElseThrow(() -> new UnknownEntityException("approval " + id));
    if (a.status() != ApprovalStatus.PENDING) {
      throw new ApprovalClosedException(
          id, a.status(), "decided by " + a.decidedBy() + " at " + a.decidedAt());
    }
    if (!clock.instant().isBefore(a.expiresAt())) {
      expireDue();
      throw new ApprovalClosedException(
          id, ApprovalStatus.EXPIRED, "it expired at " + a.expiresAt());
    }
    return a;
  }

  private ApprovalClosedException closed(long id) {
    PendingApproval now =
        store.get(id).orElseThrow(() -> new UnknownEntityException("approval " + id));
    return new ApprovalClosedException(
        id, now.status(), "decided by " + now.decidedBy() + " at " + now.decidedAt());
  }

  private List<AuditEntry> audit(
      PendingApproval a, Actor actor, String note, AuditOutcome outcome) {
    List<CampaignChange> entries = new ArrayList<>();
    for (CampaignChange c : a.changes()) {
      entries.add(c.by(actor, note));
    }
    return changes.record(new ChangePlan(entries, List.of()), outcome);
  }
}
