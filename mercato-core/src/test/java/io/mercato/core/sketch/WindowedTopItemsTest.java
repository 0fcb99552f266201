package io.mercato.core.sketch;

import static io.mercato.core.sketch.TestEvents.T0;
import static io.mercato.core.sketch.TestEvents.event;
import static io.mercato.core.sketch.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.core.trending.TrendingCandidates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowedTopItemsTest {
  static final Windows WINDOWS = Windows.defaults();
  static final Window TEN_MIN = WINDOWS.byName("10m");
  static final List<String> TYPES =
      List.of("view", "click", "add_to_cart", "purchase", "impression");

  /** Zipf(s = 1.1) over 2,000 items, times spread over the last 15 minutes, mixed event types. */
  static List<Event> zipfStream(int n, long seed) {
    int items = 2_000;
    double[] cdf = new double[items];
    double sum = 0;
    for (int i = 0; i < items; i++) {
      sum += 1 / Math.pow(i + 1, 1.1);
      cdf[i] = sum;
    }
    Random rnd = new Random(seed);
    List<Event> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double x = rnd.nextDouble() * sum;
      int lo = 0;
      int hi = items - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      // Item ids are shuffled against rank so that id order says nothing about popularity.
      String item = "p" + ((lo * 7919) % items);
      long t = T0 - (long) (rnd.nextDouble() * 15 * 60_000L);
      events.add(
          event(
              "e" + i,
              TYPES.get(rnd.nextInt(TYPES.size())),
              "u" + rnd.nextInt(1000),
              item,
              null,
              t));
    }
    return events;
  }

  /** Brute force per item, with the aggregate's type set and the window's own semantics ({@link Window#covers}). */
  static Map<String, Long> exact(List<Event> events, Window w, long now) {
    Map<String, Long> counts = new HashMap<>();
    for (Event e : events) {
      if (e.itemId() != null
          && WindowedTopItems.DEFAULT_TYPES.contains(e.type())
          && w.covers(e.timestampMillis(), now)) {
        counts.merge(e.itemId(), 1L, Long::sum);
      }
    }
    return counts;
  }

  static List<String> exactTop(Map<String, Long> counts, int n) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }

  static WindowedTopItems of(List<Event> events) {
    WindowedTopItems t = new WindowedTopItems(WINDOWS);
    events.forEach(t::apply);
    return t;
  }

  /** Every item's true count in the window is at most its upper bound, or the maximum error if not a candidate. */
  static void assertBoundsHold(TrendingCandidates c, Map<String, Long> exact, String what) {
    Map<String, Long> upper = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      upper.put(c.items().get(i), c.upperBounds()[i]);
      assertThat(c.upperBounds()[i])
          .as("%s: every upper bound is at least the maximum error", what)
          .isGreaterThanOrEqualTo(c.maxError());
      if (i > 0) {
        assertThat(c.upperBounds()[i])
            .as("%s: sorted", what)
            .isLessThanOrEqualTo(c.upperBounds()[i - 1]);
      }
    }
    exact.forEach(
        (item, n) ->
            assertThat(n)
                .as("%s: %s", what, item)
                .isLessThanOrEqualTo(upper.getOrDefault(item, c.maxError())));
  }

  @Test
  void candidatesBoundEveryItemAndIncludeTheHeavyHittersOfAZipfStream() {
    List<Event> events = zipfStream(200_000, 1);
    WindowedTopItems top = of(events);
    for (Window w : List.of(TEN_MIN, WINDOWS.byName("1h"))) {
      Map<String, Long> exact = exact(events, w, T0);
      TrendingCandidates c = top.candidates(w, T0);
      assertBoundsHold(c, exact, w.name());
      assertThat(c.maxError()).as("the sketch is full: an approximation").isPositive();
      assertThat(c.items()).as(w.name()).containsAll(exactTop(exact, 5));
    }
  }

  @Test
  void mergeOfPartitionsKeepsTheBounds() {
    List<Event> events = zipfStream(100_000, 2);
    Map<String, Long> exact = exact(events, TEN_MIN, T0);
    Random rnd = new Random(4);
    for (int trial = 0; trial < 4; trial++) {
      Collections.shuffle(events, rnd);
      int parts = 2 + rnd.nextInt(5);
      List<WindowedTopItems> partials = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        partials.add(new WindowedTopItems(WINDOWS));
      }
      for (Event e : events) {
        partials.get(rnd.nextInt(parts)).apply(e);
      }
      WindowedTopItems merged = new WindowedTopItems(WINDOWS);
      partials.forEach(merged::merge);
      TrendingCandidates c = merged.candidates(TEN_MIN, T0);
      assertBoundsHold(c, exact, "trial " + trial);
      assertThat(c.items()).containsAll(exactTop(exact, 5));
    }
  }

  @Test
  void fewItemsAreTrackedWithoutError() {
    List<Event> events = new ArrayList<>();
    Random rnd = new Random(6);
    for (int i = 0; i < 5_000; i++) {
      events.add(view("e" + i, "u" + i, "p" + rnd.nextInt(40), T0 - rnd.nextInt(500_000)));
    }
    TrendingCandidates c = of(events).candidates(TEN_MIN, T0);
    Map<String, Long> exact = exact(events, TEN_MIN, T0);
    assertThat(c.maxError()).isZero();
    assertThat(c.items()).containsAll(exact.keySet());
    assertBoundsHold(c, exact, "10m");
  }

  @Test
  void onlyConfiguredTypesWithAnItemCount() {
    WindowedTopItems top = new WindowedTopItems(WINDOWS, Set.of("purchase"), 64, 6);
    top.apply(event("a", "view", "u", "p1", null, T0));
    top.apply(event("b", "purchase", "u", null, 3.0, T0));
    top.apply(event("c", "purchase", "u", "p2", 3.0, T0));
    assertThat(top.candidates(TEN_MIN, T0))
        .isEqualTo(new TrendingCandidates(List.of("p2"), new long[] {1}, 0));
    assertThat(top.candidates(TEN_MIN, T0 + 3_600_000L)).isEqualTo(TrendingCandidates.NONE);
  }

  @Test
  void candidatesCoverTheWholeWindowNotOnlyItsLastSubBuckets() {
    // The 24h window at T0 reaches back to the start of the hour 23 hours before; its sub-buckets
    // are
    // 4 hours wide, so the oldest events it covers lie in a sub-bucket that starts before the
    // window.
    Window day = WINDOWS.byName("24h");
    long oldest = day.startMillis(T0);
    WindowedTopItems top = new WindowedTopItems(WINDOWS);
    top.apply(view("a", "u", "early", oldest));
    top.apply(view("b", "u", "late", T0));
    assertThat(top.candidates(day, T0).items()).containsExactlyInAnyOrder("early", "late");
  }

  static byte[] bytes(WindowedTopItems t) {
    BinaryWriter out = new BinaryWriter();
    t.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void roundTripKeepsTheCandidates() {
    WindowedTopItems top = of(zipfStream(20_000, 3));
    byte[] b = bytes(top);
    BinaryReader r = new BinaryReader(b);
    WindowedTopItems back = WindowedTopItems.read(r);
    r.expectEnd();
    for (Window w : WINDOWS.all()) {
      assertThat(back.candidates(w, T0)).isEqualTo(top.candidates(w, T0));
    }
    assertThat(back.retainedSketches()).isEqualTo(top.retainedSketches());
  }

  @Test
  void version1BytesArePinned() {
    // version 1 | map size 64 | 4 types ascending | SubBuckets header (lateness 600000, 6 per
    // window, no newest, 5 windows)
    String expectedPrefix =
        "01"
            + "40"
            + "04"
            + "0b6164645f746f5f63617274"
            + "05636c69636b"
            + "087075726368617365"
            + "0476696577"
            + "c0cf24"
            + "06"
            + "00"
            + "05";
    assertThat(HexFormat.of().formatHex(bytes(new WindowedTopItems(WINDOWS))))
        .startsWith(expectedPrefix);
  }

  @Test
  void truncatedOrDamagedInputIsCorruptData() {
    WindowedTopItems top = new WindowedTopItems(WINDOWS);
    top.apply(view("a", "u", "p1", T0));
    top.apply(view("b", "u", "p2", T0 - 700_000));
    byte[] b = bytes(top);
    TestEvents.assertEveryTruncationIsCorrupt(b, WindowedTopItems::read);
    TestEvents.assertByteDamageIsCorruptOrHarmless(b, WindowedTopItems::read);
  }
}
