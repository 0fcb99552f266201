package io.mercato.core.reco;

import java.util.List;
import java.util.function.Predicate;

/**
 * One strategy's opinion about one user: a score for every item it has evidence for. Higher is
 * better; items without evidence score 0. Instances are computed once per request and then queried
 * for the top items (recommendations) or for given items (re-ranking).
 */
public interface Scores {
  /**
   * The score of {@code itemId}: 0 without evidence, above 0 for evidence in favour; a strategy may
   * go below 0 (ALS: predicted less than no preference). Never NaN.
   */
  double score(String itemId);

  /** The highest score over all items, or 0 when nothing scored above 0. */
  double maxScore();

  /**
   * Up to {@code n} items with a positive score that pass {@code filter}, best first; ties go to the
   * more popular item, then the smaller id, so the answer is deterministic for a given state.
   *
   * @param category the category {@code filter} restricts to, or null: a hint for strategies that
   *                 keep per-category indexes (popularity); the filter alone decides
   */
  List<String> top(int n, String category, Predicate<String> filter);

  /** Why {@code itemId} scored, in words a marketer can read; empty when it has no evidence. */
  List<String> reasons(String itemId);
}
