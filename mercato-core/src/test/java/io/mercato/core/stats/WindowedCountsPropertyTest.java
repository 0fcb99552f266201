package io.mercato.core.stats;

import static io.mercato.core.stats.TestStreams.applyAll;
import static io.mercato.core.stats.TestStreams.bruteForce;
import static io.mercato.core.stats.TestStreams.newest;
import static io.mercato.core.stats.TestStreams.retention;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.stats.TestStreams.E;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exactness, order independence and merge, against a brute-force reference on seeded streams. */
class WindowedCountsPropertyTest {
  static final List<Windows> CONFIGS =
      List.of(
          Windows.defaults(),
          new Windows(
              List.of("30s", "5m", "2h", "3d"), Duration.ofSeconds(95)), // cutoff inside buckets
          new Windows(List.of("1m"), Duration.ZERO),
          new Windows(List.of("24h"), Duration.ofMinutes(30)));

  @Test
  void countsEqualBruteForceOverRetainedEventsAtEveryPrefix() {
    SplittableRandom rnd = new SplittableRandom(20261124);
    for (Windows windows : CONFIGS) {
      List<E> events = TestStreams.stream(rnd, 3_000);
      WindowedCounts c = new WindowedCounts(windows);
      for (int i = 0; i < events.size(); i++) {
        c.add(events.get(i).type(), events.get(i).t(), 1);
        if (i % 600 == 599 || i == events.size() - 1) {
          checkAgainstBruteForce(rnd, windows, c, events.subList(0, i + 1));
        }
      }
    }
  }

  private static void checkAgainstBruteForce(
      SplittableRandom rnd, Windows windows, WindowedCounts c, List<E> seen) {
    long newest = newest(seen);
    long checked = 0;
    assertThat(c.newestMillis()).isEqualTo(newest);
    for (int k = 0; k < 6; k++) {
      // now in [newest - lateness, newest + 1h]: the range where counts are exact.
      // The first one is newest itself, so every window holds at least the newest event.
      long now =
          k == 0
              ? newest
              : newest
                  - windows.latenessMillis()
                  + rnd.nextLong(windows.latenessMillis() + 3_600_001);
      long earlier = newest - rnd.nextLong(Duration.ofDays(2).toMillis()); // lower-bound regime
      for (Window w : windows.all()) {
        for (String type : TestStreams.TYPES) {
          long exact = bruteForce(seen, type, w, now, newest, Long.MAX_VALUE);
          // No covered event was evicted: retention does not change the answer in the exact range.
          assertThat(bruteForce(seen, type, w, now, newest, retention(windows, w)))
              .isEqualTo(exact);
          assertThat(c.count(type, w, now)).as("%s %s at %d", type, w.name(), now).isEqualTo(exact);
          checked += exact;
          long retained = bruteForce(seen, type, w, earlier, newest, retention(windows, w));
          assertThat(c.count(type, w, earlier))
              .as("%s %s at %d", type, w.name(), earlier)
              .isEqualTo(retained);
        }
        assertThat(c.counts(w, now).values()).allMatch(v -> v > 0);
      }
    }
    assertThat(checked).as("the stream must put events in the windows").isPositive();
  }

  @Test
  void outOfOrderWithinLatenessGivesTheSameStateAsSortedInput() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (Windows windows : CONFIGS) {
      List<E> sorted = new ArrayList<>(TestStreams.stream(rnd, 2_000));
      sorted.sort(Comparator.comparingLong(E::t));
      // Jitter each arrival by up to the lateness: sort by time + random delay ≤ lateness.
      long lateness = windows.latenessMillis();
      List<long[]> keyed = new ArrayList<>();
      for (int i = 0; i < sorted.size(); i++) {
        keyed.add(
            new long[] {sorted.get(i).t() + (lateness == 0 ? 0 : rnd.nextLong(lateness + 1)), i});
      }
      keyed.sort(Comparator.comparingLong((long[] a) -> a[0]).thenComparingLong(a -> a[1]));
      List<E> jittered = keyed.stream().map(a -> sorted.get((int) a[1])).toList();
      if (lateness > 0) {
        assertThat(jittered).isNotEqualTo(sorted);
      }
      assertThat(applyAll(windows, jittered)).isEqualTo(applyAll(windows, sorted));
    }
  }

  @Test
  void anyPermutationGivesTheSameState() {
    SplittableRandom seeds = new SplittableRandom(11);
    for (Windows windows : CONFIGS) {
      List<E> events = new ArrayList<>(TestStreams.stream(seeds, 2_000));
      WindowedCounts reference = applyAll(windows, events);
      for (int trial = 0; trial < 5; trial++) {
        Collections.shuffle(events, new Random(seeds.nextLong()));
        WindowedCounts shuffled = applyAll(windows, events);
        assertThat(shuffled).isEqualTo(reference);
        assertThat(shuffled.hashCode()).isEqualTo(reference.hashCode());
      }
      events.sort(Comparator.comparingLong(E::t).reversed()); // the worst order: newest first
      assertThat(applyAll(windows, events)).isEqualTo(reference);
    }
  }

  @Test
  void mergingRandomPartitionsInAnyOrderEqualsApplyingAll() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (Windows windows : CONFIGS) {
      List<E> events = TestStreams.stream(rnd, 2_000);
      WindowedCounts all = applyAll(windows, events);
      for (int trial = 0; trial < 8; trial++) {
        int parts = 1 + rnd.nextInt(7);
        List<List<E>> split = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          split.add(new ArrayList<>());
        }
        // Partition by arrival with a random skew, so some partials are far behind the others.
        for (E e : events) {
          split.get(rnd.nextInt(parts)).add(e);
        }
        List<WindowedCounts> partials =
            new ArrayList<>(split.stream().map(s -> applyAll(windows, s)).toList());
        List<WindowedCounts> before = partials.stream().map(WindowedCounts::copy).toList();
        Collections.shuffle(partials, new Random(rnd.nextLong()));
        WindowedCounts merged = trial % 2 == 0 ? foldLeft(windows, partials) : foldTree(partials);
        assertThat(merged).isEqualTo(all);
        if (trial % 2 == 0) {
          assertThat(partials)
              .containsExactlyInAnyOrderElementsOf(before); // merge leaves its argument alone
        }
      }
    }
  }

  private static WindowedCounts foldLeft(Windows windows, List<WindowedCounts> partials) {
    WindowedCounts acc = new WindowedCounts(windows);
    partials.forEach(acc::merge);
    return acc;
  }

  private static WindowedCounts foldTree(List<WindowedCounts> partials) {
    List<WindowedCounts> level = new ArrayList<>(partials);
    while (level.size() > 1) {
      List<WindowedCounts> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        WindowedCounts a = level.get(i);
        if (i + 1 < level.size()) {
          a.merge(level.get(i + 1));
        }
        next.add(a);
      }
      level = next;
    }
    return level.get(0);
  }
}
