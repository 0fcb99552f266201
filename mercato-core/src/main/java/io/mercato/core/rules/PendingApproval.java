package io.mercato.core.rules;

import io.mercato.core.campaign.change.CampaignChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Changes a rule in {@code require_approval} mode planned, waiting for a person.
 *
 * @param id         assigned by the store; 0 before
 * @param rule       the rule version that planned them
 * @param campaignId the campaign
 * @param changes    the planned changes (with the values they were planned from)
 * @param createdAt  when they were planned
 * @param expiresAt  after this instant they can no longer be approved
 * @param status     where it stands
 * @param decidedBy  who approved or rejected it (or {@code system} for an expiry), null while pending
 * @param decidedAt  when, null while pending
 */
public record PendingApproval(
    long id,
    RuleRef rule,
    String campaignId,
    List<CampaignChange> changes,
    Instant createdAt,
    Instant expiresAt,
    ApprovalStatus status,
    String decidedBy,
    Instant decidedAt) {
  public PendingApproval {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("an approval needs at least one change");
    }
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("an approval must expire after it was created");
    }
  }

  /** This approval with the id the store gave it. */
  public PendingApproval withId(long newId) {
    return new PendingApproval(
        newId, rule, campaignId, changes, createdAt, expiresAt, status, decidedBy, decidedAt);
  }

  /** This approval closed as {@code to} by {@code by} at {@code at}. */
  public PendingApproval closed(ApprovalStatus to, String by, Instant at) {
    return new PendingApproval(id, rule, campaignId, changes, createdAt, expiresAt, to, by, at);
  }
}
