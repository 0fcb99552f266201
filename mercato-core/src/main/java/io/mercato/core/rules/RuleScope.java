package io.mercato.core.rules;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which campaigns (and optionally which of their ads) a rule looks at.
 *
 * @param campaignIds the campaigns by id; empty when {@code condition} selects them
 * @param condition   a CEL condition over campaign fields ({@link CampaignVariables}), or null; with
 *                    ids too, it filters them
 * @param excludedIds campaign or ad ids never acted on
 * @param ads         true when the rule acts on the ads of its campaigns (pause/resume an ad,
 *                    change a bid)
 * @param adCondition a CEL condition over ad fields ({@link AdVariables}) choosing which ads, or
 *                    null for all; only with {@code ads}
 */
public record RuleScope(
    Set<String> campaignIds,
    String condition,
    Set<String> excludedIds,
    boolean ads,
    String adCondition) {
  public RuleScope {
    campaignIds = sorted(campaignIds);
    excludedIds = sorted(excludedIds);
    condition = condition == null || condition.isBlank() ? null : condition;
    adCondition = adCondition == null || adCondition.isBlank() ? null : adCondition;
  }

  private static Set<String> sorted(Set<String> s) {
    return s == null || s.isEmpty()
        ? Collections.emptySortedSet()
        : Collections.unmodifiableSortedSet(new TreeSet<>(s));
  }

  /** The campaigns named, nothing else. */
  public static RuleScope campaigns(String... ids) {
    return new RuleScope(Set.of(ids), null, Set.of(), false, null);
  }

  /** Every campaign matching {@code condition}. */
  public static RuleScope matching(String condition) {
    return new RuleScope(Set.of(), condition, Set.of(), false, null);
  }

  /** This scope acting on its campaigns' ads too ({@code adCondition} null for all). */
  public RuleScope withAds(String adCondition) {
    return new RuleScope(campaignIds, condition, excludedIds, true, adCondition);
  }

  /** This scope without {@code ids}. */
  public RuleScope excluding(String... ids) {
    return new RuleScope(campaignIds, condition, Set.of(ids), ads, adCondition);
  }
}
