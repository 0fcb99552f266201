package io.mercato.core.rules;

import java.util.List;

/**
 * Two enabled rules that push the same field of the same campaigns in opposite directions (one
 * raises a discount, the other lowers it; one pauses, the other resumes). A warning when a rule is
 * saved: such pairs are sometimes meant (thresholds with a gap between them), often a mistake.
 *
 * @param other       the other rule
 * @param field       the field, e.g. {@code discount}, {@code ad.bid}, {@code status}
 * @param campaignIds the campaigns both act on now (from their scopes over the current campaigns), sorted
 * @param message     in words
 */
public record RuleConflict(RuleRef other, String field, List<String> campaignIds, String message) {
  public RuleConflict {
    campaignIds = List.copyOf(campaignIds);
  }
}
