package io.mercato.core.reco;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recommendation state as the recommenders read it, by item and user id: what
 * {@link RecommendationService} and every live strategy score from. Two implementations hold the
 * same numbers: {@link RecoState}, the live structure the embedded engine (and the Flink job's
 * single writer) updates per event, and {@link ServingRecoView}, a read-only copy of the parts
 * serving needs, read from a key-value store (Redis on cluster API nodes). The scoring code is one,
 * so equal numbers give equal answers.
 *
 * <p>Ordinals order users and items by when the state first saw them; they only break ties, so
 * only their relative order matters. Unknown ids answer null, NaN, -1 or 0 as documented, never
 * throw. Implementations are thread-safe.
 */
public interface RecoView {
  /** The settings the state was built with (sizes, weights, half-life, blend). */
  RecoConfig config();

  /** The user's history (live items only, most recent first), or null for an unknown user. */
  UserFacts user(String userId);

  /** The norm of the user's weight vector ({@link UserFacts#norm}), or NaN for an unknown user. */
  double userNorm(String userId);

  /** The user's first-seen ordinal, or -1 for an unknown user. */
  long userOrdinal(String userId);

  /** Distinct users of the item (each counted when the item entered their history), or -1 if unknown. */
  int userCount(String itemId);

  /** The item's first-seen ordinal, or -1 if unknown. */
  long itemOrdinal(String itemId);

  /** The item's item-CF neighbour list with co-occurrence counts (no particular order), or null if unknown. */
  Neighbours neighbours(String itemId);

  /** The item's most recent users with their weights for it, at most {@code max}, or null if unknown. */
  Ring ring(String itemId, int max);

  /** The item's time-decayed popularity at the newest event time; 0 for an unknown item. */
  double popularity(String itemId);

  /** The category last seen in the item's events, or null. */
  String eventCategory(String itemId);

  /**
   * The most popular items, best first (ties: first seen first), global ({@code category} null) or
   * in {@code category}, passing {@code filter}; at most {@link RecoState#TOP_CAPACITY} are scanned.
   */
  List<String> popular(String category, int n, Predicate<String> filter);

  /**
   * The item's item-CF neighbours that pass {@code filter}, most similar first (ties: first seen
   * first), at most {@code n}; empty for an unknown item. Similarity is the cosine
   * {@code co / sqrt(n_a · n_b)} with the current user counts. O(neighbours) lookups.
   */
  default List<SimilarItem> similarItems(String itemId, int n, Predicate<String> filter) {
    Neighbours nb = neighbours(itemId);
    if (nb == null) {
      return List.of();
    }
    int na = userCount(itemId);
    List<SimilarItem> out = new ArrayList<>();
    for (int i = 0; i < nb.size(); i++) {
      String o = nb.items().get(i);
      int no = userCount(o);
      if (no < 0 || !filter.test(o)) {
        continue;
      }
      out.add(new SimilarItem(o, Cooccurrence.cosine(nb.counts()[i], na, no), nb.counts()[i]));
    }
    out.sort(
        (a, b) -> {
          int c = Double.compare(b.similarity(), a.similarity());
          return c != 0 ? c : Long.compare(itemOrdinal(a.itemId()), itemOrdinal(b.itemId()));
        });
    return out.size() > n ? List.copyOf(out.subList(0, n)) : out;
  }

  /**
   * A user's history.
   *
   * @param ordinal the user's first-seen ordinal (ties between equally similar users)
   * @param items   item ids, most recent interaction first
   * @param weights summed interaction weights, parallel to {@code items}
   * @param kinds   the strongest event type's code ({@link InteractionWeights#code}), parallel
   * @param norm    the Euclidean norm of the weights as the writer keeps it (incrementally, so it
   *                may differ from a fresh sum of squares in the last bits)
   */
  record UserFacts(long ordinal, List<String> items, float[] weights, byte[] kinds, double norm) {
    public UserFacts {
      items = List.copyOf(items);
      if (weights.length != items.size() || kinds.length != items.size()) {
        throw new IllegalArgumentException("items, weights and kinds must be parallel");
      }
    }

    public int size() {
      return items.size();
    }
  }

  /** An item's neighbours and their co-occurrence counts, parallel. */
  record Neighbours(List<String> items, int[] counts) {
    public Neighbours {
      items = List.copyOf(items);
      if (counts.length != items.size()) {
        throw new IllegalArgumentException("items and counts must be parallel");
      }
    }

    public int size() {
      return items.size();
    }
  }

  /** An item's most recent users (most recent first) and their weights for the item, parallel. */
  record Ring(List<String> users, float[] weights) {
    public Ring {
      users = List.copyOf(users);
      if (weights.length != users.size()) {
        throw new IllegalArgumentException("users and weights must be parallel");
      }
    }

    public int size() {
      return users.size();
    }
  }
}
