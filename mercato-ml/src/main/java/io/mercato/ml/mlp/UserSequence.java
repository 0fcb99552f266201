package io.mercato.ml.mlp;

import java.util.List;
import java.util.Objects;

/**
 * One user's interactions in event-time order, oldest first, as training reads them.
 *
 * @param userId  the user
 * @param items   item ids, oldest first; an item may repeat
 * @param ratings the explicit rating of each interaction, parallel to {@code items}, finite (read by
 *                {@link MlpParams.Objective#MSE} only)
 */
public record UserSequence(String userId, List<String> items, float[] ratings) {
  public UserSequence {
    Objects.requireNonNull(userId, "userId");
    items = List.copyOf(items);
    if (ratings.length != items.size()) {
      throw new IllegalArgumentException(
          "items and ratings must be parallel: "
              + items.size()
              + " items, "
              + ratings.length
              + " ratings");
    }
    for (float r : ratings) {
      if (!Float.isFinite(r)) {
        throw new IllegalArgumentException(
            "ratings must be finite but user " + userId + " has " + r);
      }
    }
  }
}
