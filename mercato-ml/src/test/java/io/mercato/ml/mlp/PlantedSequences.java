package io.mercato.ml.mlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Synthetic interaction sequences with planted structure: {@code clusters} groups of
 * {@code itemsPerCluster} items ("c{k}-i{j}") and three blockbusters ("hot-{j}") everyone touches;
 * each user belongs to one group and touches, in order, one blockbuster, one random item of another
 * group, {@code perUser} items of their group, and then one more item of their group: the held-out next
 * item. Popularity can only offer the blockbusters and the group's most touched items; anything that
 * learns the groups from a user's recent items does far better.
 */
final class PlantedSequences {
  final List<UserSequence> train = new ArrayList<>();

  /** Per user, in {@link #train} order, the held-out next item. */
  final List<String> heldOut = new ArrayList<>();

  final int clusters;
  final int itemsPerCluster;

  PlantedSequences(int clusters, int usersPerCluster, int itemsPerCluster, int perUser, long seed) {
    this.clusters = clusters;
    this.itemsPerCluster = itemsPerCluster;
    Random r = new Random(seed);
    for (int u = 0; u < clusters * usersPerCluster; u++) {
      int c = u % clusters;
      List<Integer> mine = new ArrayList<>();
      for (int j = 0; j < itemsPerCluster; j++) {
        mine.add(j);
      }
      Collections.shuffle(mine, r);
      List<String> items = new ArrayList<>();
      items.add("hot-" + r.nextInt(3));
      items.add(item((c + 1 + r.nextInt(clusters - 1)) % clusters, r.nextInt(itemsPerCluster)));
      for (int j = 0; j < perUser; j++) {
        items.add(item(c, mine.get(j)));
      }
      float[] ratings = new float[items.size()];
      Arrays.fill(ratings, 1f);
      train.add(new UserSequence("u" + u, items, ratings));
      heldOut.add(item(c, mine.get(perUser)));
    }
  }

  static String item(int cluster, int j) {
    return "c" + cluster + "-i" + j;
  }

  /** Every item id, blockbusters first. */
  List<String> allItems() {
    List<String> out = new ArrayList<>(List.of("hot-0", "hot-1", "hot-2"));
    for (int c = 0; c < clusters; c++) {
      for (int j = 0; j < itemsPerCluster; j++) {
        out.add(item(c, j));
      }
    }
    return out;
  }
}
