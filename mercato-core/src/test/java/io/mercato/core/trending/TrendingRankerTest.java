package io.mercato.core.trending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ranker's answers against brute-force counts, on state built as the cluster runtime keeps it
 * (four global partitions, one item state per item, one state per category) from seeded streams.
 */
class TrendingRankerTest {
  static final Windows WINDOWS = Windows.defaults();
  static final KeyedAggregates LAYOUT =
      new KeyedAggregates(WINDOWS, List.of(), ProfileConfig.defaults(), 4);

  /** The aggregates of every key the events touch, as the Flink job holds them. */
  static Map<StateKey, Aggregate<?>> state(List<Event> events) {
    Map<StateKey, Aggregate<?>> state = new HashMap<>();
    for (Event e : events) {
      for (StateKey k : LAYOUT.keysOf(e)) {
        if (k.kind() != StateKind.USER) { // profiles play no part here and cost time
          state.computeIfAbsent(k, LAYOUT::create).apply(e);
        }
      }
    }
    return state;
  }

  static WindowedTopItems sketch(Map<StateKey, Aggregate<?>> state, String categoryOrNull) {
    if (categoryOrNull != null) {
      return ((KeyState) state.get(new StateKey(StateKind.CATEGORY, categoryOrNull))).trending();
    }
    GlobalAggregates merged = new GlobalAggregates(WINDOWS);
    for (StateKey k : LAYOUT.globalKeys()) {
      GlobalAggregates g = (GlobalAggregates) state.get(k);
      if (g != null) {
        merged.merge(g);
      }
    }
    return merged.trending();
  }

  /** The ranker over the candidates of the scope's sketch and the item states, counting the lookups. */
  static TopItems rank(
      Map<StateKey, Aggregate<?>> state,
      String categoryOrNull,
      Window w,
      long now,
      int n,
      int[] lookups) {
    return TrendingRanker.rank(
        sketch(state, categoryOrNull).candidates(w, now),
        n,
        items -> {
          lookups[0] += items.size();
          return items.stream()
              .mapToLong(
                  i ->
                      TrendingCounts.of(
                          (KeyState) state.get(new StateKey(StateKind.ITEM, i)),
                          categoryOrNull,
                          w,
                          now))
              .toArray();
        },
        TrendingRanker.DEFAULT_MAX_LOOKUPS);
  }

  /**
   * What every answer must satisfy whatever the sketch's error: listed counts exact and best first;
   * exact answers equal to brute force; approximate ones with a bound every missing item respects.
   */
  static void assertHonest(TopItems got, Map<String, Long> truth, int n, String what) {
    List<TopItems.ItemCount> expected = LongTail.top(truth, n);
    for (TopItems.ItemCount c : got.items()) {
      assertThat(c.count())
          .as("%s: count of %s", what, c.itemId())
          .isEqualTo(truth.get(c.itemId()));
    }
    assertThat(got.items())
        .as("%s: best first", what)
        .isEqualTo(
            LongTail.top(
                got.items().stream()
                    .collect(
                        Collectors.toMap(TopItems.ItemCount::itemId, TopItems.ItemCount::count)),
                n));
    if (got.exact()) {
      assertThat(got.items()).as("%s: exact answer", what).isEqualTo(expected);
      assertThat(got.maxError()).isZero();
    } else {
      List<String> listed = got.items().stream().map(TopItems.ItemCount::itemId).toList();
      truth.forEach(
          (item, count) -> {
            if (!listed.contains(item)) {
              assertThat(count)
                  .as("%s: %s is missing with at most max_error events", what, item)
                  .isLessThanOrEqualTo(got.maxError());
            }
          });
      assertThat(got.maxError())
          .as("%s: an approximate answer says by how much", what)
          .isPositive();
    }
  }

  @Test
  void aLongTailedStreamGetsExactCountsAndHonestBoundsInEveryWindowAndCategory() {
    List<Event> events = LongTail.events(120_000, 3);
    Map<StateKey, Aggregate<?>> state = state(events);
    int exact = 0;
    int answers = 0;
    for (Window w : WINDOWS.all()) {
      for (String category : new String[] {null, "c0", "c7"}) {
        int[] lookups = {0};
        TopItems got = rank(state, category, w, LongTail.NOW, 10, lookups);
        String what = w.name() + " " + (category == null ? "global" : category);
        assertHonest(got, LongTail.counts(events, category, w, LongTail.NOW), 10, what);
        assertThat(lookups[0])
            .as("%s: lookups", what)
            .isLessThanOrEqualTo(TrendingRanker.DEFAULT_MAX_LOOKUPS);
        exact += got.exact() ? 1 : 0;
        answers++;
      }
    }
    // The short windows hold few events per sub-bucket, which the sketches track without error.
    assertThat(exact).as("exact answers of %d", answers).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aSkewedStreamIsProvedExactFromAFewCandidates() {
    List<Event> events = LongTail.events(60_000, 2_000, 1.2, 5);
    Map<StateKey, Aggregate<?>> state = state(events);
    for (Window w : List.of(WINDOWS.byName("1h"), WINDOWS.byName("24h"))) {
      int[] lookups = {0};
      TopItems got = rank(state, null, w, LongTail.NOW, 5, lookups);
      assertThat(got.exact()).as(w.name()).isTrue();
      assertThat(got.items())
          .as(w.name())
          .isEqualTo(LongTail.top(LongTail.counts(events, null, w, LongTail.NOW), 5));
      assertThat(lookups[0])
          .as("%s: the upper bounds stop the lookups early", w.name())
          .isLessThan(100);
    }
  }

  @Test
  void exactnessNeedsTheNthCountAboveEveryBound() {
    // Candidates a (UB 9), b (UB 8), c (UB 4); anything else has at most 3 events.
    TrendingCandidates c = new TrendingCandidates(List.of("a", "b", "c"), new long[] {9, 8, 4}, 3);
    Map<String, Long> truth = Map.of("a", 7L, "b", 5L, "c", 4L);
    List<List<String>> asked = new ArrayList<>();
    TrendingRanker.ExactCounts counts =
        items -> {
          asked.add(List.copyOf(items));
          return items.stream().mapToLong(truth::get).toArray();
        };
    TopItems two = TrendingRanker.rank(c, 2, counts, 10);
    assertThat(two)
        .isEqualTo(
            new TopItems(
                List.of(new TopItems.ItemCount("a", 7), new TopItems.ItemCount("b", 5)), true, 0));
    TopItems three = TrendingRanker.rank(c, 3, counts, 10);
    assertThat(three.exact()).as("c has 4 and an unseen item may have 3: still exact").isTrue();
    TopItems four = TrendingRanker.rank(c, 4, counts, 10);
    assertThat(four)
        .as("a fourth item may have up to 3")
        .isEqualTo(
            new TopItems(
                List.of(
                    new TopItems.ItemCount("a", 7),
                    new TopItems.ItemCount("b", 5),
                    new TopItems.ItemCount("c", 4)),
                false,
                3));
  }

  @Test
  void lookupsStopOnceNoCandidateCanEnterAndUnknownCountsWidenTheBound() {
    List<String> items = new ArrayList<>();
    long[] upper = new long[100];
    for (int i = 0; i < 100; i++) {
      items.add(String.format("i%03d", i));
      upper[i] = 100 - i;
    }
    TrendingCandidates c = new TrendingCandidates(items, upper, 1);
    int[] looked = {0};
    TopItems top =
        TrendingRanker.rank(
            c,
            2,
            batch -> {
              looked[0] += batch.size();
              return batch.stream()
                  .mapToLong(i -> 100 - Integer.parseInt(i.substring(1)))
                  .toArray();
            },
            256);
    assertThat(top.exact()).isTrue();
    assertThat(looked[0])
        .as("one batch, then the 33rd upper bound is below the 2nd count")
        .isEqualTo(32);

    TopItems unknown =
        TrendingRanker.rank(
            c,
            2,
            batch ->
                batch.stream()
                    .mapToLong(
                        i ->
                            i.equals("i001")
                                ? TrendingCounts.UNKNOWN
                                : 100 - Integer.parseInt(i.substring(1)))
                    .toArray(),
            256);
    assertThat(unknown.items())
        .extracting(TopItems.ItemCount::itemId)
        .containsExactly("i000", "i002");
    assertThat(unknown)
        .as("i001 may have up to 99")
        .extracting(TopItems::exact, TopItems::maxError)
        .containsExactly(false, 99L);
  }

  @Test
  void candidatesOfPartsSumToBoundsThatHoldForTheWhole() {
    List<Event> events = LongTail.events(40_000, 9);
    WindowedTopItems[] parts = {
      new WindowedTopItems(WINDOWS), new WindowedTopItems(WINDOWS), new WindowedTopItems(WINDOWS)
    };
    for (Event e : events) {
      parts[Math.floorMod(e.userId().hashCode(), 3)].apply(e);
    }
    for (Window w : WINDOWS.all()) {
      List<TrendingCandidates> each =
          Arrays.stream(parts).map(p -> p.candidates(w, LongTail.NOW)).toList();
      TrendingCandidates sum = TrendingCandidates.sum(each);
      assertThat(sum.maxError())
          .isEqualTo(each.stream().mapToLong(TrendingCandidates::maxError).sum());
      Map<String, Long> truth = LongTail.counts(events, null, w, LongTail.NOW);
      Map<String, Long> upper = new HashMap<>();
      for (int i = 0; i < sum.size(); i++) {
        upper.put(sum.items().get(i), sum.upperBounds()[i]);
        if (i > 0) {
          assertThat(sum.upperBounds()[i]).isLessThanOrEqualTo(sum.upperBounds()[i - 1]);
        }
      }
      truth.forEach(
          (item, n) ->
              assertThat(n)
                  .as("%s %s", w.name(), item)
                  .isLessThanOrEqualTo(upper.getOrDefault(item, sum.maxError())));
    }
  }

  @Test
  void aFullScanIsExactUnlessAnUnknownCountCouldEnter() {
    Object2LongOpenHashMap<String> counts =
        new Object2LongOpenHashMap<>(Map.of("a", 5L, "b", 5L, "c", 2L, "d", 0L));
    assertThat(TrendingRanker.top(counts, 2, 0))
        .isEqualTo(
            new TopItems(
                List.of(new TopItems.ItemCount("a", 5), new TopItems.ItemCount("b", 5)), true, 0));
    assertThat(TrendingRanker.top(counts, 5, 0).items()).hasSize(3);
    assertThat(TrendingRanker.top(counts, 2, 4).exact()).isTrue();
    assertThat(TrendingRanker.top(counts, 2, 5))
        .extracting(TopItems::exact, TopItems::maxError)
        .containsExactly(false, 5L);
    assertThatThrownBy(() -> TrendingRanker.top(counts, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
