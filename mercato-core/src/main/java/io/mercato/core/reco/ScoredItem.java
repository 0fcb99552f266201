package io.mercato.core.reco;

import java.util.List;

/**
 * One recommended or ranked item.
 *
 * @param itemId     the item
 * @param score      the strategy's score (see {@link Scores#score}); 0 for items without evidence
 * @param popularity the item's popularity, the tie-breaker between equal scores
 * @param available  false when the catalog marks the item unavailable (only in re-ranking answers)
 * @param reasons    why, when explanations were asked for; otherwise empty
 */
public record ScoredItem(
    String itemId, double score, double popularity, boolean available, List<String> reasons) {
  public ScoredItem {
    reasons = List.copyOf(reasons);
  }
}
