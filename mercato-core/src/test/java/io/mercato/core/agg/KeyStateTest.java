package io.mercato.core.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Item states count their trending events per category exactly, in every window, and keep it in their bytes. */
class KeyStateTest {
  static final Windows WINDOWS = Windows.defaults();
  static final long NOW = 1_800_000_000_000L;

  static Event event(String id, String type, String category, long t) {
    return new Event(id, false, type, "u-" + id, "p-1", null, null, category, null, t, Map.of());
  }

  static KeyState item() {
    return new KeyState(WINDOWS, false, false, true);
  }

  static byte[] bytes(KeyState s) {
    BinaryWriter w = new BinaryWriter();
    s.writeTo(w);
    return w.toByteArray();
  }

  static KeyState read(byte[] b) {
    BinaryReader r = new BinaryReader(b);
    KeyState s = KeyState.read(r, WINDOWS, false, false, true);
    r.expectEnd();
    return s;
  }

  @Test
  void trendingEventsAreCountedPerCategoryExactlyInEveryWindow() {
    SplittableRandom rnd = new SplittableRandom(3);
    List<Event> events = new ArrayList<>();
    String[] types = {"view", "click", "add_to_cart", "purchase", "impression", "ad_click"};
    String[] categories = {"shoes", "sports", null};
    for (int i = 0; i < 3_000; i++) {
      events.add(
          event(
              "e" + i,
              types[rnd.nextInt(types.length)],
              categories[rnd.nextInt(3)],
              NOW - rnd.nextLong(9 * 86_400_000L)));
    }
    events.add(event("last", "view", "shoes", NOW));
    KeyState s = item();
    events.forEach(s::apply);
    KeyState back = read(bytes(s));
    for (Window w : WINDOWS.all()) {
      for (String c : new String[] {"shoes", "sports", "books"}) {
        long expected =
            events.stream()
                .filter(
                    e ->
                        c.equals(e.category())
                            && w.covers(e.timestampMillis(), NOW)
                            && List.of("view", "click", "add_to_cart", "purchase")
                                .contains(e.type()))
                .count();
        assertThat(s.categoryCount(c, w, NOW)).as("%s %s", c, w.name()).isEqualTo(expected);
        assertThat(back.categoryCount(c, w, NOW))
            .as("%s %s after a round trip", c, w.name())
            .isEqualTo(expected);
      }
      long all =
          events.stream()
              .filter(
                  e ->
                      w.covers(e.timestampMillis(), NOW)
                          && List.of("view", "click", "add_to_cart", "purchase").contains(e.type()))
              .count();
      assertThat(s.trendingCount(w, NOW)).as(w.name()).isEqualTo(all);
    }
  }

  @Test
  void partialStatesMergeToTheWholeCounts() {
    KeyState a = item();
    KeyState b = item();
    KeyState whole = item();
    for (int i = 0; i < 100; i++) {
      Event e = event("e" + i, "view", i % 3 == 0 ? "shoes" : "sports", NOW - i * 1_000L);
      (i % 2 == 0 ? a : b).apply(e);
      whole.apply(e);
    }
    a.merge(b);
    for (Window w : WINDOWS.all()) {
      for (String c : new String[] {"shoes", "sports"}) {
        assertThat(a.categoryCount(c, w, NOW))
            .as("%s %s", c, w.name())
            .isEqualTo(whole.categoryCount(c, w, NOW))
            .isPositive();
      }
    }
  }

  @Test
  void anItemUnderTooManyCategoriesStopsCountingThemAndSaysSo() {
    KeyState s = item();
    for (int i = 0; i < KeyState.MAX_CATEGORIES_PER_ITEM; i++) {
      s.apply(event("e" + i, "view", "c" + i, NOW - 7_200_000));
    }
    s.apply(event("over", "view", "one-too-many", NOW - 3_600_000));
    s.apply(event("known", "view", "c0", NOW));
    Window hour = WINDOWS.byName("1h");
    Window day = WINDOWS.byName("24h");
    assertThat(s.categoryCount("c0", day, NOW))
        .as("the day reaches back to the uncounted event")
        .isEqualTo(-1);
    assertThat(s.categoryCount("c0", hour, NOW)).as("the last hour does not").isEqualTo(1);
    assertThat(read(bytes(s)).categoryCount("c0", day, NOW)).isEqualTo(-1);
  }

  @Test
  void anItemStateWrittenBeforeCategoriesWereCountedLoadsAndKnowsWhatItMisses() {
    // The form of an item state before flag 4 existed: one view at NOW - 1 h.
    WindowedCounts counts = new WindowedCounts(WINDOWS);
    counts.add("view", NOW - 3_600_000, 1);
    BinaryWriter old = new BinaryWriter();
    old.writeByte(0);
    counts.writeTo(old);
    new WindowedDistinct(WINDOWS).writeTo(old);
    KeyState s = read(old.toByteArray());
    assertThat(s.trendingCount(WINDOWS.byName("24h"), NOW)).isEqualTo(1);
    s.apply(event("new", "view", "shoes", NOW));
    assertThat(s.categoryCount("shoes", WINDOWS.byName("24h"), NOW))
        .as("reaches back to the old view")
        .isEqualTo(-1);
    assertThat(s.categoryCount("shoes", WINDOWS.byName("10m"), NOW)).isEqualTo(1);
  }

  @Test
  void theItemFormIsPinned() {
    KeyState s = item();
    // flags 4 | empty counts | empty HLLs ... | incompleteUntil Long.MIN_VALUE | mode 0
    assertThat(HexFormat.of().formatHex(bytes(s)))
        .startsWith("04")
        .endsWith("8000000000000000" + "00");
    s.apply(event("a", "view", "shoes", NOW));
    // ... | mode 1 | "shoes"
    assertThat(HexFormat.of().formatHex(bytes(s)))
        .endsWith("8000000000000000" + "01" + "05" + "73686f6573");
    assertThat(read(bytes(s)).categoryCount("shoes", WINDOWS.byName("1m"), NOW)).isEqualTo(1);
    s.apply(event("b", "view", "sports", NOW));
    byte[] b = bytes(s);
    assertThat(b[0]).isEqualTo((byte) 4);
    assertThat(read(b).categoryCount("sports", WINDOWS.byName("1m"), NOW)).isEqualTo(1);
  }

  @Test
  void aSecondCategoryStartsCountsPerCategorySeededWithTheFirst() {
    KeyState s = item();
    Window hour = WINDOWS.byName("1h");
    for (int i = 0; i < 5; i++) {
      s.apply(event("s" + i, i % 2 == 0 ? "view" : "purchase", "shoes", NOW - 600_000 * i));
      s.apply(event("i" + i, "impression", "shoes", NOW - 600_000 * i)); // not a trending type
    }
    assertThat(s.categoryCount("shoes", hour, NOW)).isEqualTo(5);
    assertThat(s.categoryCount("sports", hour, NOW)).isZero();
    s.apply(event("x", "click", "sports", NOW));
    s.apply(event("y", "view", null, NOW));
    assertThat(s.categoryCount("shoes", hour, NOW)).isEqualTo(5);
    assertThat(s.categoryCount("sports", hour, NOW)).isEqualTo(1);
    assertThat(s.trendingCount(hour, NOW)).isEqualTo(7);
    KeyState back = read(bytes(s));
    assertThat(back.categoryCount("shoes", hour, NOW)).isEqualTo(5);
    assertThat(back.categoryCount("sports", hour, NOW)).isEqualTo(1);
  }

  @Test
  void partsWithOneCategoryEachMergeIntoCountsPerCategory() {
    KeyState shoes = item();
    KeyState sports = item();
    KeyState none = item();
    shoes.apply(event("a", "view", "shoes", NOW));
    shoes.apply(event("b", "view", "shoes", NOW - 1_000));
    sports.apply(event("c", "view", "sports", NOW));
    none.apply(event("d", "view", null, NOW));
    KeyState whole = item();
    whole.merge(shoes);
    whole.merge(none);
    whole.merge(sports);
    Window m = WINDOWS.byName("1m");
    assertThat(whole.categoryCount("shoes", m, NOW)).isEqualTo(2);
    assertThat(whole.categoryCount("sports", m, NOW)).isEqualTo(1);
    assertThat(whole.trendingCount(m, NOW)).isEqualTo(4);
    KeyState same = item();
    same.merge(shoes);
    same.merge(shoes);
    assertThat(same.categoryCount("shoes", m, NOW)).isEqualTo(4);
  }

  @Test
  void onlyItemStatesKeepCategoryCounts() {
    KeyState category = new KeyState(WINDOWS, true, false);
    assertThatThrownBy(() -> category.categoryCount("x", WINDOWS.byName("1m"), NOW))
        .isInstanceOf(IllegalStateException.class);
    category.apply(event("a", "view", "shoes", NOW));
    BinaryWriter w = new BinaryWriter();
    category.writeTo(w);
    assertThat(w.toByteArray()[0])
        .as("a category state's flags: trending only")
        .isEqualTo((byte) 1);
  }
}
