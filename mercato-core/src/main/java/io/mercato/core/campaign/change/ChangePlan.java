package io.mercato.core.campaign.change;

import java.util.List;

/**
 * What an adjustment would change, computed from current values with the guardrails applied, and
 * nothing applied yet.
 *
 * @param changes the field changes, in order (a budget move has two, applied together); empty when
 *                nothing needs to change
 * @param notes   what was clamped or why nothing changes, in words
 */
public record ChangePlan(List<CampaignChange> changes, List<String> notes) {
  public ChangePlan {
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }

  /** True when nothing would change. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
