package io.mercato.core.trending;

import io.mercato.core.event.Event;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.time.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded long-tailed event stream and its brute-force trending counts: items drawn from a Zipf
 * distribution (s = 0.6 over 50,000 items: the most viewed item gets about 0.5% of the events, the
 * tenth about 0.13%), in 12 categories (one item in fifty also appears under a second category), over
 * 26 hours of event time, and not sorted: each event arrives up to 10 minutes (the allowed lateness)
 * after later ones.
 */
final class LongTail {
  /** The newest event time of the stream: 2027-01-15T08:00:00Z. */
  static final long NOW = 1_800_000_000_000L;

  static final List<String> TYPES =
      List.of("view", "view", "view", "click", "add_to_cart", "purchase", "impression");

  private LongTail() {}

  /** {@code n} events of the stream, in arrival order. */
  static List<Event> events(int n, long seed) {
    return events(n, 50_000, 0.6, seed);
  }

  /** {@code n} events over {@code items} items with Zipf exponent {@code s}, in arrival order. */
  static List<Event> events(int n, int items, double s, long seed) {
    double[] cdf = new double[items];
    double sum = 0;
    for (int i = 0; i < items; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long span = 26 * 3_600_000L;
    List<Event> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int rank = rank(cdf, rnd.nextDouble() * sum);
      String item = "p" + ((rank * 7919L) % items); // ids shuffled against rank
      String category = "c" + (rank % 12);
      if (rank % 50 == 7 && rnd.nextBoolean()) {
        category = "c" + ((rank + 5) % 12); // the same item under another category
      }
      long t = NOW - span + span * i / n;
      events.add(
          new Event(
              "e" + i,
              false,
              TYPES.get(rnd.nextInt(TYPES.size())),
              "u" + rnd.nextInt(20_000),
              item,
              null,
              null,
              category,
              null,
              t,
              Map.of()));
    }
    events.set(n - 1, withTime(events.get(n - 1), NOW));
    // Unsorted within the lateness: swap each event with one up to 10 minutes of stream later.
    int reach = (int) Math.max(1, (long) n * 600_000L / span);
    for (int i = 0; i < n - 1; i++) {
      int j = Math.min(n - 1, i + rnd.nextInt(reach + 1));
      Event a = events.get(i);
      events.set(i, events.get(j));
      events.set(j, a);
    }
    return events;
  }

  private static Event withTime(Event e, long t) {
    return new Event(
        e.eventId(),
        e.generatedId(),
        e.type(),
        e.userId(),
        e.itemId(),
        e.adId(),
        e.campaignId(),
        e.category(),
        e.value(),
        t,
        e.attributes());
  }

  private static int rank(double[] cdf, double x) {
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Brute force: each item's trending events in {@code w} at {@code now}, globally or in one category. */
  static Map<String, Long> counts(List<Event> events, String categoryOrNull, Window w, long now) {
    Map<String, Long> counts = new HashMap<>();
    for (Event e : events) {
      if (e.itemId() != null
          && WindowedTopItems.DEFAULT_TYPES.contains(e.type())
          && w.covers(e.timestampMillis(), now)
          && (categoryOrNull == null || categoryOrNull.equals(e.category()))) {
        counts.merge(e.itemId(), 1L, Long::sum);
      }
    }
    return counts;
  }

  /** The true top {@code n}: count descending, then id ascending. */
  static List<TopItems.ItemCount> top(Map<String, Long> counts, int n) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new TopItems.ItemCount(e.getKey(), e.getValue()))
        .toList();
  }
}
