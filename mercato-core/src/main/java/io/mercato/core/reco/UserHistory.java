package io.mercato.core.reco;

import java.util.List;

/**
 * A user's interaction history as the recommenders see it: distinct items, most recent first.
 *
 * @param userId  the user
 * @param items   item ids, most recent interaction first
 * @param weights summed interaction weights, parallel to {@code items}
 * @param types   the strongest event type per item (highest weight), parallel to {@code items}
 */
public record UserHistory(String userId, List<String> items, float[] weights, List<String> types) {
  public UserHistory {
    items = List.copyOf(items);
    types = List.copyOf(types);
    if (weights.length != items.size() || types.size() != items.size()) {
      throw new IllegalArgumentException("items, weights and types must be parallel");
    }
  }

  public int size() {
    return items.size();
  }

  public boolean contains(String itemId) {
    return items.contains(itemId);
  }
}
