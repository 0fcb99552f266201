package io.mercato.core.campaign.change;

import java.util.Objects;

/**
 * One change of one field of one campaign or ad, as the single change path plans it and the audit
 * log keeps it. Values are text in the form of {@link FieldValues} ({@code paused},
 * {@code 2026-04-01T00:00:00Z}, {@code percent:15}, {@code 0.44}), so before and after can be shown,
 * compared and restored.
 *
 * @param entity    the campaign or ad changed
 * @param campaignId the campaign of the entity (itself, or the ad's campaign): the audit log is
 *                  queried by it
 * @param field     the field changed
 * @param before    the value the plan was made from; null for a notification
 * @param after     the value set (for a notification: its outcome)
 * @param actor     who made it
 * @param reason    why, in words (the rule's name and condition, or what the person wrote); may be empty
 * @param clamped   true when a guardrail or the rule's bounds cut the change short
 * @param clampNote what was cut and by which limit; empty when not clamped
 * @param kpis      what the rule saw, or null for changes not made by a rule's run
 * @param undoOf    the audit entry this change undoes, or null
 */
public record CampaignChange(
    EntityRef entity,
    String campaignId,
    ChangeField field,
    String before,
    String after,
    Actor actor,
    String reason,
    boolean clamped,
    String clampNote,
    KpiSnapshot kpis,
    Long undoOf) {
  public CampaignChange {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(actor, "actor");
    reason = reason == null ? "" : reason;
    clampNote = clampNote == null ? "" : clampNote;
    if (!field.appliesTo(entity.kind())) {
      throw new IllegalArgumentException(
          entity.kind().wireName() + "s have no field " + field.wireName());
    }
  }

  /** The same change made by {@code other} (an approval), with {@code note} added to the reason. */
  public CampaignChange by(Actor other, String note) {
    String r = reason.isEmpty() ? note : reason + "; " + note;
    return new CampaignChange(
        entity, campaignId, field, before, after, other, r, clamped, clampNote, kpis, undoOf);
  }
}
