package io.mercato.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.runtime.Scope;
import io.mercato.core.runtime.ScopeStats;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.trending.TopItems;
import io.mercato.core.trending.TrendingCounts;
import io.mercato.core.trending.TrendingRanker;
import io.mercato.engine.Engine;
import io.mercato.store.redis.RedisStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Requires that what the Flink job wrote to Redis answers every query like the embedded engine fed the
 * same records: the same stream time; per user the same {@link ProfileView}; per item, category,
 * campaign, ad, composite key and the global scope the same windowed counts in every window, the same
 * distinct-user estimates (HLL unions are order-independent, so equal), the same campaign and global
 * purchase-value counts and extremes, and the same trending items: the cluster's answer (its sketch's
 * candidates looked up in the item states in Redis) equals the embedded engine's exact answer where
 * it says it is exact, and otherwise lists exact counts and misses no item with more events than its
 * {@code max_error}.
 */
final class Conformance {
  private final Engine engine;
  private final RedisStateStore redis;
  private final KeyedAggregates aggregates;
  private final long now;
  int comparedKeys;

  /** Trending answers the cluster proved exact, and those it answered with a bound. */
  int exactTrending;

  int approximateTrending;

  private Conformance(Engine engine, RedisStateStore redis, KeyedAggregates aggregates) {
    this.engine = engine;
    this.redis = redis;
    this.aggregates = aggregates;
    this.now = engine.streamTime();
  }

  /** Compares every key the {@code events} touch; returns how many keys were compared. */
  static int assertSame(
      Engine engine, RedisStateStore redis, KeyedAggregates aggregates, List<Event> events) {
    Conformance c = new Conformance(engine, redis, aggregates);
    c.global();
    c.users(distinct(events, Event::userId));
    c.keyStates(Scope.ITEM, StateKind.ITEM, distinct(events, Event::itemId));
    c.keyStates(Scope.CATEGORY, StateKind.CATEGORY, distinct(events, Event::category));
    c.keyStates(Scope.CAMPAIGN, StateKind.CAMPAIGN, distinct(events, Event::campaignId));
    c.ads(distinct(events, Event::adId));
    for (CompositeKey k : aggregates.composites()) {
      c.composite(k, distinct(events, k::keyOf));
    }
    System.out.printf(
        "trending: %d cluster answers exact, %d with a bound%n",
        c.exactTrending, c.approximateTrending);
    return c.comparedKeys;
  }

  private void global() {
    GlobalAggregates merged = new GlobalAggregates(aggregates.windows());
    for (byte[] b : redis.readStates(aggregates.globalKeys()).values()) {
      merged.merge((GlobalAggregates) aggregates.read(StateKind.GLOBAL, b));
    }
    assertThat(merged.newestMillis()).as("stream time").isEqualTo(engine.streamTime());
    assertThat(merged.allTime().asMap())
        .as("all-time counts by type")
        .isEqualTo(engine.countsByType());
    ScopeStats g = engine.scopeStats(Scope.GLOBAL, null).orElseThrow();
    sameCounts("global", merged.counts(), g.counts());
    sameDistinct("global", merged.users(), g.distinct());
    sameValues("global", merged.values(), g.values());
    sameTrending("global", merged.trending(), null);
    comparedKeys++;
  }

  private void users(List<String> users) {
    for (String u : users) {
      Optional<ProfileView> expected = engine.profile(u);
      Optional<byte[]> bytes = redis.readState(new StateKey(StateKind.USER, u));
      assertThat(bytes.isPresent()).as("profile of %s present", u).isEqualTo(expected.isPresent());
      if (expected.isPresent()) {
        UserProfile p = (UserProfile) aggregates.read(StateKind.USER, bytes.get());
        assertThat(p.view(now)).as("profile of %s", u).isEqualTo(expected.get());
      }
      comparedKeys++;
    }
  }

  private void keyStates(Scope scope, StateKind kind, List<String> ids) {
    for (String id : ids) {
      Optional<ScopeStats> expected = engine.scopeStats(scope, id);
      Optional<byte[]> bytes = redis.readState(new StateKey(kind, id));
      String what = kind + " " + id;
      if (expected.isEmpty()) {
        bytes.ifPresent(
            b ->
                assertThat(isEmpty(((KeyState) aggregates.read(kind, b)).counts()))
                    .as("%s retains events the engine does not", what)
                    .isTrue());
        continue;
      }
      assertThat(bytes).as("%s in Redis", what).isPresent();
      KeyState ks = (KeyState) aggregates.read(kind, bytes.get());
      sameCounts(what, ks.counts(), expected.get().counts());
      sameDistinct(what, ks.users(), expected.get().distinct());
      if (kind == StateKind.CAMPAIGN) {
        sameValues(what, ks.values(), expected.get().values());
      }
      if (kind == StateKind.CATEGORY) {
        sameTrending(what, ks.trending(), id);
      }
      comparedKeys++;
    }
  }

  private void ads(List<String> ids) {
    for (String id : ids) {
      Optional<ScopeStats> expected = engine.scopeStats(Scope.AD, id);
      compareCounts(StateKind.AD, id, "ad " + id, expected.map(ScopeStats::counts));
    }
  }

  private void composite(CompositeKey k, List<String> keys) {
    for (String key : keys) {
      compareCounts(
          StateKind.COMPOSITE,
          k.name() + "|" + key,
          "composite " + k.name() + " " + key,
          engine.compositeCounts(k.name(), key));
    }
  }

  private void compareCounts(
      StateKind kind, String id, String what, Optional<WindowedCounts> expected) {
    Optional<byte[]> bytes = redis.readState(new StateKey(kind, id));
    if (expected.isEmpty()) {
      bytes.ifPresent(
          b ->
              assertThat(isEmpty((WindowedCounts) aggregates.read(kind, b)))
                  .as("%s retains events the engine does not", what)
                  .isTrue());
      return;
    }
    assertThat(bytes).as("%s in Redis", what).isPresent();
    sameCounts(what, (WindowedCounts) aggregates.read(kind, bytes.get()), expected.get());
    comparedKeys++;
  }

  private boolean isEmpty(WindowedCounts c) {
    return aggregates.windows().all().stream().allMatch(w -> c.counts(w, now).isEmpty());
  }

  private void sameCounts(String what, WindowedCounts actual, WindowedCounts expected) {
    for (Window w : aggregates.windows().all()) {
      assertThat(new TreeMap<>(actual.counts(w, now)))
          .as("%s counts in %s", what, w.name())
          .isEqualTo(new TreeMap<>(expected.counts(w, now)));
    }
  }

  private void sameDistinct(String what, WindowedDistinct actual, WindowedDistinct expected) {
    for (Window w : aggregates.windows().all()) {
      long e = expected == null ? 0 : expected.estimate(w, now);
      assertThat(actual.estimate(w, now))
          .as("%s distinct users in %s", what, w.name())
          .isEqualTo(e);
    }
  }

  private void sameValues(String what, ValueQuantiles actual, ValueQuantiles expected) {
    long expectedCount = expected == null ? 0 : expected.count();
    long actualCount = actual == null ? 0 : actual.count();
    assertThat(actualCount).as("%s purchase values", what).isEqualTo(expectedCount);
    if (expectedCount > 0) {
      assertThat(actual.min()).as("%s min value", what).isEqualTo(expected.min());
      assertThat(actual.max()).as("%s max value", what).isEqualTo(expected.max());
      assertThat(Math.abs(actual.p50() - expected.p50()))
          .as("%s median value", what)
          .isLessThanOrEqualTo(Math.max(1e-9, expected.max() - expected.min()));
    }
  }

  private void sameTrending(String what, WindowedTopItems clusterSketch, String categoryOrNull) {
    for (Window w : aggregates.windows().all()) {
      TopItems expected = engine.topItems(categoryOrNull, w, now, 10);
      assertThat(expected.exact())
          .as("%s trending in %s: the engine counts every item", what, w.name())
          .isTrue();
      TopItems actual =
          TrendingRanker.rank(
              clusterSketch.candidates(w, now),
              10,
              items -> {
                long[] counts = new long[items.size()];
                for (int i = 0; i < counts.length; i++) {
                  KeyState item =
                      redis
                          .readState(new StateKey(StateKind.ITEM, items.get(i)))
                          .map(b -> (KeyState) aggregates.read(StateKind.ITEM, b))
                          .orElse(null);
                  counts[i] = TrendingCounts.of(item, categoryOrNull, w, now);
                }
                return counts;
              },
              TrendingRanker.DEFAULT_MAX_LOOKUPS);
      String where = what + " trending in " + w.name();
      if (actual.exact()) {
        assertThat(actual).as(where).isEqualTo(expected);
        exactTrending++;
        continue;
      }
      approximateTrending++;
      Map<String, Long> truth = new TreeMap<>();
      expected.items().forEach(x -> truth.put(x.itemId(), x.count()));
      long last =
          expected.items().isEmpty()
              ? 0
              : expected.items().get(expected.items().size() - 1).count();
      for (TopItems.ItemCount x : actual.items()) {
        if (truth.containsKey(x.itemId())) {
          assertThat(x.count())
              .as("%s: exact count of %s", where, x.itemId())
              .isEqualTo(truth.get(x.itemId()));
        } else {
          assertThat(x.count())
              .as("%s: %s is not in the true top", where, x.itemId())
              .isLessThanOrEqualTo(last);
        }
      }
      for (TopItems.ItemCount x : expected.items()) {
        if (actual.items().stream().noneMatch(y -> y.itemId().equals(x.itemId()))) {
          assertThat(x.count())
              .as("%s: %s is missing within max_error %d", where, x.itemId(), actual.maxError())
              .isLessThanOrEqualTo(actual.maxError());
        }
      }
    }
  }

  private static List<String> distinct(List<Event> events, Function<Event, String> f) {
    TreeSet<String> s = new TreeSet<>();
    for (Event e : events) {
      String v = f.apply(e);
      if (v != null) {
        s.add(v);
      }
    }
    return new ArrayList<>(s);
  }
}
