package io.mercato.core.rules;

import java.util.List;
import java.util.Optional;

/**
 * Where rule versions are kept (the port; relational in {@code mercato-store}). Versions are
 * immutable once saved; a rule's current definition is its latest version.
 *
 * <p>Failures of the underlying store are {@link io.mercato.core.ads.CampaignStoreException}s.
 * Implementations are thread-safe.
 */
public interface RuleStore {
  /**
   * Saves {@code rule} as the next version of its id, if its latest version is still
   * {@code basedOn} (0 for a new rule).
   *
   * @param rule a rule whose {@link Rule#version()} is {@code basedOn + 1}, with createdAt and author set
   * @throws StaleRuleVersionException when the latest version is another (an edit of an old version,
   *                                   or a concurrent edit); nothing is saved
   */
  Rule save(Rule rule, int basedOn);

  /** The latest version of rule {@code id}. */
  Optional<Rule> latest(String id);

  /** Version {@code version} of rule {@code id}. */
  Optional<Rule> version(String id, int version);

  /** Every version of rule {@code id}, oldest first; empty when there is no such rule. */
  List<Rule> versions(String id);

  /** The latest version of every rule, in id order. */
  List<Rule> latestRules();
}
