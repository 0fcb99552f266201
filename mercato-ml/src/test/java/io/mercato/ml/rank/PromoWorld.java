package io.mercato.ml.rank;

import io.mercato.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A shop with a planted signal that only live features reveal: 8 categories of 25 items; every day
 * each item is on promotion (discount 0.3) with probability 0.2, else not (0), and its views carry the
 * day's discount as an attribute. Each of 240 users prefers one category and, every day, views four
 * random items of it and then buys one of its items on promotion today (any of its items when none
 * is). History-only strategies (item-CF, popularity) can place the category but not today's
 * promotions; the ranker reads the discount and the user's category affinity from the live state.
 * Events are one minute apart, so every event has its own time.
 */
final class PromoWorld {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long DAY = 86_400_000L;
  static final int CATEGORIES = 8;
  static final int ITEMS_PER_CATEGORY = 25;
  static final int USERS = 240;

  final List<Event> events = new ArrayList<>();

  PromoWorld(int days, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long seq = 0;
    for (int day = 0; day < days; day++) {
      double[][] discount = new double[CATEGORIES][ITEMS_PER_CATEGORY];
      for (double[] c : discount) {
        for (int i = 0; i < c.length; i++) {
          c[i] = r.nextDouble() < 0.2 ? 0.3 : 0;
        }
      }
      long t = T0 + day * DAY;
      for (int u = 0; u < USERS; u++) {
        int c = u % CATEGORIES;
        String user = "u" + u;
        for (int v = 0; v < 4; v++) {
          int i = r.nextInt(ITEMS_PER_CATEGORY);
          events.add(event(++seq, "view", user, c, i, t += 60_000, discount[c][i]));
        }
        List<Integer> promo = new ArrayList<>();
        for (int i = 0; i < ITEMS_PER_CATEGORY; i++) {
          if (discount[c][i] > 0) {
            promo.add(i);
          }
        }
        int buy =
            promo.isEmpty() ? r.nextInt(ITEMS_PER_CATEGORY) : promo.get(r.nextInt(promo.size()));
        events.add(event(++seq, "purchase", user, c, buy, t += 60_000, discount[c][buy]));
      }
    }
  }

  static String item(int c, int i) {
    return "c" + c + "-i" + i;
  }

  private static Event event(
      long seq, String type, String user, int c, int i, long t, double discount) {
    return new Event(
        "e" + seq,
        false,
        type,
        user,
        item(c, i),
        null,
        null,
        "cat" + c,
        null,
        t,
        Map.of("discount", discount));
  }
}
