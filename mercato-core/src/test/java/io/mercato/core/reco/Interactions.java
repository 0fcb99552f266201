package io.mercato.core.reco;

import io.mercato.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic interaction streams for recommender tests (fixed seeds, no files). */
final class Interactions {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private Interactions() {}

  static Event event(String type, String user, String item, String category, long t) {
    return new Event(
        "e-" + user + "-" + item + "-" + t + "-" + type,
        false,
        type,
        user,
        item,
        null,
        null,
        category,
        null,
        t,
        Map.of());
  }

  static Event view(String user, String item, long t) {
    return event("view", user, item, null, t);
  }

  /**
   * Planted structure: {@code clusters} groups of users, each liking its own group of
   * {@code itemsPerCluster} items ("c{k}-i{j}", category "cat{k}"); each user views
   * {@code perUser} items of their group (and with probability {@code noise} a random other item),
   * and one extra popular-everywhere item set ("hot-{j}") is viewed by many users of every cluster, so
   * popularity alone recommends the hot items.
   *
   * @return events in time order; the last event of each user is the held-out positive when
   *         {@code holdOut} is used
   */
  static List<Event> planted(
      int clusters,
      int usersPerCluster,
      int itemsPerCluster,
      int perUser,
      double noise,
      long seed) {
    Random r = new Random(seed);
    List<Event> out = new ArrayList<>();
    long t = T0;
    for (int u = 0; u < clusters * usersPerCluster; u++) {
      int c = u % clusters;
      String user = "u" + u;
      for (int k = 0; k < 3; k++) {
        out.add(event("view", user, "hot-" + r.nextInt(5), "hot", t += 1000));
      }
      for (int k = 0; k < perUser; k++) {
        if (r.nextDouble() < noise) {
          int oc = r.nextInt(clusters);
          out.add(
              event(
                  "view",
                  user,
                  "c" + oc + "-i" + r.nextInt(itemsPerCluster),
                  "cat" + oc,
                  t += 1000));
        } else {
          out.add(
              event(
                  "view", user, "c" + c + "-i" + r.nextInt(itemsPerCluster), "cat" + c, t += 1000));
        }
      }
    }
    return out;
  }
}
