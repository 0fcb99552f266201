package io.mercato.ml.rank;

import java.util.List;

/**
 * Training rows of the ranker: one query group per moment, one row per candidate.
 *
 * @param features row-major, {@code rows() × RankerFeatures.count()}
 * @param labels   relevance per row: 0 (nothing), 1 (viewed or rated), 2 (clicked), 3 (carted), 4 (bought)
 * @param groups   rows per group, in order; they sum to {@code rows()}
 * @param moments  each group's moment: user and epoch ms
 * @param items    each row's item id
 */
public record RankerRows(
    float[] features, float[] labels, int[] groups, List<Moment> moments, List<String> items) {
  /** A request-like moment: the user and when. */
  public record Moment(String userId, long atMillis) {}

  public RankerRows {
    moments = List.copyOf(moments);
    items = List.copyOf(items);
    int sum = 0;
    for (int g : groups) {
      sum += g;
    }
    if (sum != labels.length
        || features.length != (long) labels.length * RankerFeatures.count()
        || items.size() != labels.length
        || moments.size() != groups.length) {
      throw new IllegalArgumentException(
          "inconsistent ranker rows: "
              + labels.length
              + " labels, groups summing to "
              + sum
              + ", "
              + features.length
              + " feature values, "
              + items.size()
              + " items, "
              + moments.size()
              + " moments for "
              + groups.length
              + " groups");
    }
  }

  public int rows() {
    return labels.length;
  }
}
