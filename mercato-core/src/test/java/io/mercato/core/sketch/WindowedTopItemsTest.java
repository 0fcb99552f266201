package io.mercato.core.sketch;

import static io.mercato.core.sketch.TestEvents.T0;
import static io.mercato.core.sketch.TestEvents.event;
import static io.mercato.core.sketch.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.sketch.WindowedTopItems.ItemCount;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
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
  static final List<String> TYPES = List.of("view", "click", "add_to_cart", "purchase", "impression");

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
      events.add(event("e" + i, TYPES.get(rnd.nextInt(TYPES.size())), "u" + rnd.nextInt(1000), item, null, t));
    }
    return events;
  }

  /** Brute force per item, with the aggregate's type set and sub-bucket window semantics. */
  static Map<String, Long> exact(List<Event> events, Window w, long now) {
    Window sub = new Window(w.name(), w.lengthMillis(), SubBuckets.subBucketMillis(w, SubBuckets.DEFAULT_PER_WINDOW));
    Map<String, Long> counts = new HashMap<>();
    for (Event e : events) {
      if (e.itemId() != null && WindowedTopItems.DEFAULT_TYPES.contains(e.type()) && sub.covers(e.timestampMillis(), now)) {
        counts.merge(e.itemId(), 1L, Long::sum);
      }
    }
    return counts;
  }

  static List<String> exactTop(Map<String, Long> counts, int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(n).map(Map.Entry::getKey).toList();
  }

  static WindowedTopItems of(List<Event> events) {
    WindowedTopItems t = new WindowedTopItems(WINDOWS);
    events.forEach(t::apply);
    return t;
  }

  @Test
  void trueTopFiveOfAZipfStreamComeBackInOrder() {
    List<Event> events = zipfStream(200_000, 1);
    WindowedTopItems top = of(events);
    for (Window w : List.of(TEN_MIN, WINDOWS.byName("1h"))) {
      Map<String, Long> exact = exact(events, w, T0);
      List<ItemCount> got = top.top(w, T0, 5);
      assertThat(got).extracting(ItemCount::itemId).as(w.name()).isEqualTo(exactTop(exact, 5));
      for (ItemCount c : got) {
        // The bounds are guarantees, not confidence intervals.
        assertThat(exact.get(c.itemId())).isBetween(c.lowerBound(), c.upperBound());
      }
    }
  }

  @Test
  void mergeOfPartitionsGivesTheSameTop() {
    List<Event> events = zipfStream(100_000, 2);
    List<String> expected = exactTop(exact(events, TEN_MIN, T0), 5);
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
      assertThat(merged.top(TEN_MIN, T0, 5)).extracting(ItemCount::itemId).isEqualTo(expected);
    }
  }

  @Test
  void fewItemsAreCountedExactly() {
    List<Event> events = new ArrayList<>();
    Random rnd = new Random(6);
    for (int i = 0; i < 5_000; i++) {
      events.add(view("e" + i, "u" + i, "p" + rnd.nextInt(40), T0 - rnd.nextInt(500_000)));
    }
    WindowedTopItems top = of(events);
    Map<String, Long> exact = exact(events, TEN_MIN, T0);
    List<ItemCount> all = top.top(TEN_MIN, T0, 100);
    assertThat(all).hasSize(exact.size());
    for (ItemCount c : all) {
      assertThat(c.estimate()).isEqualTo(exact.get(c.itemId())).isEqualTo(c.lowerBound()).isEqualTo(c.upperBound());
    }
    // Ties are broken by item id, ascending.
    for (int i = 1; i < all.size(); i++) {
      ItemCount a = all.get(i - 1);
      ItemCount b = all.get(i);
      assertThat(a.estimate() > b.estimate() || (a.estimate() == b.estimate() && a.itemId().compareTo(b.itemId()) < 0)).isTrue();
    }
  }

  @Test
  void onlyConfiguredTypesWithAnItemCount() {
    WindowedTopItems top = new WindowedTopItems(WINDOWS, Set.of("purchase"), 64, 6);
    top.apply(event("a", "view", "u", "p1", null, T0));
    top.apply(event("b", "purchase", "u", null, 3.0, T0));
    top.apply(event("c", "purchase", "u", "p2", 3.0, T0));
    assertThat(top.top(TEN_MIN, T0, 10)).containsExactly(new ItemCount("p2", 1, 1, 1));
    assertThat(top.top(TEN_MIN, T0 + 3_600_000L, 10)).isEmpty();
  }

  static byte[] bytes(WindowedTopItems t) {
    BinaryWriter out = new BinaryWriter();
    t.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void roundTripKeepsTheTop() {
    WindowedTopItems top = of(zipfStream(20_000, 3));
    byte[] b = bytes(top);
    BinaryReader r = new BinaryReader(b);
    WindowedTopItems back = WindowedTopItems.read(r);
    r.expectEnd();
    for (Window w : WINDOWS.all()) {
      assertThat(back.top(w, T0, 20)).isEqualTo(top.top(w, T0, 20));
    }
    assertThat(back.retainedSketches()).isEqualTo(top.retainedSketches());
  }

  @Test
  void version1BytesArePinned() {
    // version 1 | map size 64 | 4 types ascending | SubBuckets header (lateness 600000, 6 per window, no newest, 5 windows)
    String expectedPrefix = "01" + "40" + "04" + "0b6164645f746f5f63617274" + "05636c69636b" + "087075726368617365"
        + "0476696577" + "c0cf24" + "06" + "00" + "05";
    assertThat(HexFormat.of().formatHex(bytes(new WindowedTopItems(WINDOWS)))).startsWith(expectedPrefix);
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
