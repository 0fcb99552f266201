package io.mercato.core.rules;

import java.util.List;

/**
 * A saved rule version with what deserves the author's attention (the save succeeded anyway).
 *
 * @param rule      the version saved
 * @param conflicts enabled rules pushing a field of the same campaigns the other way
 * @param warnings  other remarks in words (e.g. a rate condition without a minimum sample)
 */
public record RuleSaveResult(Rule rule, List<RuleConflict> conflicts, List<String> warnings) {
  public RuleSaveResult {
    conflicts = List.copyOf(conflicts);
    warnings = List.copyOf(warnings);
  }
}
