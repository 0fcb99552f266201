package io.mercato.ml.als;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Synthetic implicit feedback with a planted rank-4 structure: 200 items in 4 clusters of 50; each of
 * 300 users belongs to one cluster, interacts with each of its items with probability 0.7 (weight 1
 * to 3), and with 3 random items of other clusters (noise). One in-cluster interaction per user is
 * held out of the training matrix.
 */
final class Planted {
  static final int USERS = 300;
  static final int ITEMS = 200;
  static final int CLUSTERS = 4;

  final InteractionMatrix train;

  /** Per user index u (id "u" + u), the held-out item id. */
  final String[] heldOut = new String[USERS];

  Planted(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    for (int u = 0; u < USERS; u++) {
      int cluster = u % CLUSTERS;
      List<Integer> liked = new ArrayList<>();
      for (int i = cluster; i < ITEMS; i += CLUSTERS) {
        if (rnd.nextDouble() < 0.7) {
          liked.add(i);
        }
      }
      int hidden = liked.remove(rnd.nextInt(liked.size()));
      heldOut[u] = "i" + hidden;
      for (int i : liked) {
        b.add("u" + u, "i" + i, 1 + rnd.nextInt(3));
      }
      for (int n = 0; n < 3; n++) {
        int i = rnd.nextInt(ITEMS);
        if (i % CLUSTERS != cluster) {
          b.add("u" + u, "i" + i, 1);
        }
      }
    }
    train = b.build();
  }

  /**
   * How many items the user has not interacted with in training score strictly above the held-out
   * one; a held-out item unknown to training counts as ranked last.
   */
  int heldOutRank(int u, float[] scores) {
    int target = train.itemIndex(heldOut[u]);
    if (target < 0) {
      return Integer.MAX_VALUE;
    }
    boolean[] seen = new boolean[train.items()];
    for (int c = train.userPtr()[u]; c < train.userPtr()[u + 1]; c++) {
      seen[train.userItems()[c]] = true;
    }
    int rank = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!seen[i] && i != target && scores[i] > scores[target]) {
        rank++;
      }
    }
    return rank;
  }

  /** Share of users whose held-out item ranks in the top {@code n} of their unseen items. */
  double hitRate(int n, IntFunction<float[]> scoresOfUser) {
    int hits = 0;
    for (int u = 0; u < USERS; u++) {
      if (train.userIndex("u" + u) != u) {
        throw new AssertionError("users are indexed in id order");
      }
      hits += heldOutRank(u, scoresOfUser.apply(u)) < n ? 1 : 0;
    }
    return hits / (double) USERS;
  }
}
