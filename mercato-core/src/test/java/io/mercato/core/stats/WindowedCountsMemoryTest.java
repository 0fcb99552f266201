package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Per-key footprint, measured from array lengths ({@link WindowedCounts#estimatedBytes()}), for the
 * figures stated in {@link WindowedCounts}'s Javadoc.
 */
class WindowedCountsMemoryTest {
  static final Windows DEFAULTS = Windows.defaults();
  static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void typicalUserTakesAboutHalfAKilobyte() {
    // Five events a day at random times for four weeks; funnel mix of
    // view/click/add_to_cart/purchase.
    SplittableRandom rnd = new SplittableRandom(42);
    long sum = 0;
    int users = 200;
    for (int u = 0; u < users; u++) {
      WindowedCounts c = new WindowedCounts(DEFAULTS);
      for (int day = 0; day < 28; day++) {
        for (int k = 0; k < 5; k++) {
          int p = rnd.nextInt(100);
          String type = p < 60 ? "view" : p < 85 ? "click" : p < 95 ? "add_to_cart" : "purchase";
          c.add(type, TestStreams.START + day * DAY + rnd.nextLong(DAY), 1);
        }
      }
      sum += c.estimatedBytes();
    }
    long mean = sum / users;
    assertThat(mean).isBetween(300L, 700L);
  }

  @Test
  void busyKeyIsBoundedPerTypeWhateverTheStreamLength() {
    // Every 10-second bucket filled for one type: the worst case, 421 fine + 169/170 coarse
    // buckets.
    WindowedCounts c = new WindowedCounts(DEFAULTS);
    long max = 0;
    for (long t = TestStreams.START; t < TestStreams.START + 10 * DAY; t += 10_000) {
      c.add("impression", t, 1_000);
      max = Math.max(max, c.estimatedBytes());
    }
    // 40 + one array of 421 fine + 170 coarse cells, with at most a quarter of slack
    assertThat(max).isLessThanOrEqualTo(40 + 16 + 8 * (421 + 170) * 5 / 4).isGreaterThan(4_500);
  }
}
