package io.mercato.core.stats;

import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded event streams and the brute-force reference the properties are checked against. */
final class TestStreams {
  static final long START = Instant.parse("2026-11-14T00:00:00Z").toEpochMilli();
  static final List<String> TYPES =
      List.of(
          "view",
          "view",
          "view",
          "click",
          "click",
          "impression",
          "ad_click",
          "purchase",
          "add_to_cart",
          "wishlist",
          "share",
          "x-é-custom");

  private TestStreams() {}

  record E(String type, long t) {}

  /**
   * {@code n} events over ~10 days in arrival order: an event-time clock that moves forward, most
   * events a little behind it, some later than the allowed lateness, some hours or days late, a few
   * beyond every retention.
   */
  static List<E> stream(SplittableRandom rnd, int n) {
    List<E> out = new ArrayList<>(n);
    long clock = START;
    long step = Duration.ofDays(10).toMillis() / n;
    for (int i = 0; i < n; i++) {
      clock += rnd.nextLong(2 * step);
      int kind = rnd.nextInt(100);
      long late;
      if (kind < 60) {
        late = rnd.nextLong(30_000); // in-order-ish: within a few buckets
      } else if (kind < 80) {
        late = rnd.nextLong(Duration.ofMinutes(12).toMillis()); // around the 10 min lateness
      } else if (kind < 92) {
        late = rnd.nextLong(Duration.ofHours(3).toMillis()); // late for fine, fine for coarse
      } else if (kind < 98) {
        late = rnd.nextLong(Duration.ofDays(8).toMillis()); // around the 7d retention
      } else {
        late = -rnd.nextLong(Duration.ofMinutes(5).toMillis()); // ahead of the clock
      }
      out.add(new E(TYPES.get(rnd.nextInt(TYPES.size())), clock - late));
    }
    return out;
  }

  static WindowedCounts applyAll(Windows windows, List<E> events) {
    WindowedCounts c = new WindowedCounts(windows);
    events.forEach(e -> c.add(e.type(), e.t(), 1));
    return c;
  }

  /**
   * The reference: events of {@code type} that {@code w} covers at {@code now} and whose bucket (of
   * {@code w}'s width) is retained at the final newest time: bucket end {@code > newest - retention}.
   * With {@code retention == Long.MAX_VALUE}, plain {@link Window#covers}.
   */
  static long bruteForce(
      List<E> events, String type, Window w, long now, long newest, long retention) {
    long n = 0;
    for (E e : events) {
      if (e.type().equals(type)
          && w.covers(e.t(), now)
          && (retention == Long.MAX_VALUE
              || (w.bucketIndex(e.t()) + 1) * w.bucketMillis() > newest - retention)) {
        n++;
      }
    }
    return n;
  }

  static long retention(Windows windows, Window w) {
    return w.bucketMillis() == Windows.FINE_BUCKET_MILLIS
        ? windows.fineRetentionMillis()
        : windows.coarseRetentionMillis();
  }

  static long newest(List<E> events) {
    return events.stream().mapToLong(E::t).max().orElse(Long.MIN_VALUE);
  }
}
