package io.mercato.ml.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Synthetic ratings with planted structure for evaluation tests (fixed seeds, no files). */
final class Synthetic {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private Synthetic() {}

  /**
   * {@code clusters} groups of {@code usersPerCluster} users; each user rates {@code perUser}
   * distinct items of their group's {@code itemsPerCluster} ("c{k}-i{j}"), one a minute, plus two of
   * five globally popular items ("hot-{j}") first and one random item of another group. Popularity
   * alone ranks the hot items first; anything that learns the groups does far better.
   */
  static List<Interaction> planted(
      int clusters, int usersPerCluster, int itemsPerCluster, int perUser, long seed) {
    Random r = new Random(seed);
    List<Interaction> out = new ArrayList<>();
    long line = 0;
    for (int u = 0; u < clusters * usersPerCluster; u++) {
      int c = u % clusters;
      long t = T0 + u * 3_600_000L;
      String user = String.valueOf(u);
      List<String> items = new ArrayList<>();
      int hot = r.nextInt(5);
      items.add("hot-" + hot);
      items.add("hot-" + (hot + 1 + r.nextInt(4)) % 5);
      items.add(
          "c" + (c + 1 + r.nextInt(clusters - 1)) % clusters + "-i" + r.nextInt(itemsPerCluster));
      List<Integer> mine = new ArrayList<>();
      for (int j = 0; j < itemsPerCluster; j++) {
        mine.add(j);
      }
      Collections.shuffle(mine, r);
      for (int j = 0; j < perUser; j++) {
        items.add("c" + c + "-i" + mine.get(j));
      }
      for (String item : items) {
        out.add(new Interaction(user, item, 1 + r.nextInt(5), t += 60_000, ++line));
      }
    }
    return out;
  }
}
