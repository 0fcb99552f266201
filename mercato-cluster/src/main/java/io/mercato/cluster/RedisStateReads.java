package io.mercato.cluster;

import io.mercato.core.ads.SegmentInput;
import io.mercato.core.agg.KeyState;
import io.mercato.core.error.ValidationException;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.runtime.Scope;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;
import io.mercato.core.trending.TrendingCounts;
import io.mercato.core.trending.TrendingRanker;
import io.mercato.server.backend.BackendUnavailableException;
import io.mercato.server.backend.ScopeRead;
import io.mercato.server.backend.StateReads;
import io.mercato.server.backend.TrendingItems;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.store.redis.RedisStoreException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of an API node: the aggregates the Flink job wrote to Redis, decoded into the same
 * {@code mercato-core} objects the embedded engine holds ({@link KeyedAggregates#read}), so the
 * endpoints answer the same JSON for the same state.
 *
 * <p>Each read is one MGET of the key asked for plus every global partition: the partitions give the
 * global counts (the prior of smoothed rates) and the stream time, the newest event time over all
 * partitions (the clock before any event). A read is therefore consistent per key, and at most one
 * sink batch apart across keys, as the job writes keys in batches. Trending items add one MGET per
 * batch of candidate items looked up (see {@link #trendingOf}).
 *
 * <p>Thread-safe and stateless apart from the shared connection: any number of nodes read the same
 * Redis. A failing Redis surfaces as {@link BackendUnavailableException} (503).
 */
final class RedisStateReads implements StateReads {
  private final RedisStateStore store;
  private final KeyedAggregates layout;
  private final double ratePriorStrength;
  private final InstantSource clock;
  private final List<String> scopeNames;

  RedisStateReads(
      RedisStateStore store,
      KeyedAggregates layout,
      double ratePriorStrength,
      InstantSource clock) {
    this.store = store;
    this.layout = layout;
    this.ratePriorStrength = ratePriorStrength;
    this.clock = clock;
    List<String> names = new ArrayList<>();
    for (Scope s : Scope.values()) {
      names.add(s.name().toLowerCase(Locale.ROOT));
    }
    layout.composites().forEach(k -> names.add(k.name()));
    this.scopeNames = List.copyOf(names);
  }

  @Override
  public Windows windows() {
    return layout.windows();
  }

  @Override
  public List<String> scopeNames() {
    return scopeNames;
  }

  @Override
  public double ratePriorStrength() {
    return ratePriorStrength;
  }

  @Override
  public Optional<ScopeRead> scope(
      Scope single, String composite, String key, boolean withTrending) {
    if (single == Scope.GLOBAL) {
      GlobalAggregates g = read(null).global();
      return Optional.of(
          new ScopeRead(
              g.counts(),
              g.counts().copy(),
              g.users(),
              g.values(),
              g.allTime().asMap(),
              null,
              streamTime(g)));
    }
    StateKey k = stateKey(single, composite, key);
    Read r = read(k);
    if (r.value() == null) {
      return Optional.empty();
    }
    WindowedCounts global = r.global().counts();
    long now = streamTime(r.global());
    return Optional.of(
        switch (k.kind()) {
          case USER ->
              new ScopeRead(
                  ((UserProfile) r.value()).countsCopy(), global, null, null, null, null, now);
          case ITEM, CATEGORY, CAMPAIGN -> {
            KeyState s = (KeyState) r.value();
            yield new ScopeRead(
                s.counts(),
                global,
                s.users(),
                k.kind() == StateKind.CAMPAIGN ? s.values() : null,
                null,
                withTrending ? trendingOf(s.trending(), key, now) : null,
                now);
          }
          case AD, COMPOSITE ->
              new ScopeRead((WindowedCounts) r.value(), global, null, null, null, null, now);
          case GLOBAL -> throw new IllegalStateException("global is read above");
          case CAMPAIGN_ADS ->
              throw new IllegalStateException("campaign statistics are not a scope");
          default ->
              throw new IllegalStateException(
                  k.kind() + " is recommendation state, not a statistics scope");
        });
  }

  private StateKey stateKey(Scope single, String composite, String key) {
    if (single == null) {
      if (layout.composites().stream().map(CompositeKey::name).noneMatch(composite::equals)) {
        throw new ValidationException(
            "scope",
            "unknown scope \"" + composite + "\"; valid: " + String.join(", ", scopeNames));
      }
      return new StateKey(StateKind.COMPOSITE, composite + "|" + key);
    }
    StateKind kind =
        switch (single) {
          case USER -> StateKind.USER;
          case ITEM -> StateKind.ITEM;
          case CATEGORY -> StateKind.CATEGORY;
          case AD -> StateKind.AD;
          case CAMPAIGN -> StateKind.CAMPAIGN;
          case GLOBAL -> StateKind.GLOBAL;
        };
    return new StateKey(kind, key);
  }

  @Override
  public Trending trending(String categoryOrNull) {
    if (categoryOrNull == null) {
      GlobalAggregates g = read(null).global();
      long now = streamTime(g);
      return new Trending(trendingOf(g.trending(), null, now), now);
    }
    Read r = read(new StateKey(StateKind.CATEGORY, categoryOrNull));
    long now = streamTime(r.global());
    return new Trending(
        r.value() == null
            ? TrendingItems.NONE
            : trendingOf(((KeyState) r.value()).trending(), categoryOrNull, now),
        now);
  }

  /**
   * The top items of {@code sketch}'s scope at {@code now}: its candidates looked up, a batch per MGET,
   * in the item states the job writes; exact when the sketch's error allows proving it, otherwise the
   * best of the candidates with the bound (see {@link TrendingRanker}). Scanning every item key for an
   * exact answer, as the embedded engine does, would cost a read of the whole item key space.
   */
  private TrendingItems trendingOf(WindowedTopItems sketch, String categoryOrNull, long now) {
    return (w, n) ->
        TrendingRanker.rank(
            sketch.candidates(w, now),
            n,
            items -> {
              List<StateKey> keys =
                  items.stream().map(i -> new StateKey(StateKind.ITEM, i)).toList();
              Map<StateKey, byte[]> found;
              try {
                found = store.readStates(keys);
              } catch (RedisStoreException e) {
                throw new BackendUnavailableException(
                    "the state store (Redis) failed or cannot be reached; retry later", e);
              }
              long[] counts = new long[keys.size()];
              for (int i = 0; i < counts.length; i++) {
                byte[] b = found.get(keys.get(i));
                KeyState item = b == null ? null : (KeyState) layout.read(StateKind.ITEM, b);
                counts[i] = TrendingCounts.of(item, categoryOrNull, w, now);
              }
              return counts;
            },
            TrendingRanker.DEFAULT_MAX_LOOKUPS);
  }

  @Override
  public Optional<ProfileView> profile(String userId) {
    Read r = read(new StateKey(StateKind.USER, userId));
    return r.value() == null
        ? Optional.empty()
        : Optional.of(((UserProfile) r.value()).view(streamTime(r.global())));
  }

  @Override
  public SegmentInput segmentInput(String userId) {
    Read r = read(new StateKey(StateKind.USER, userId));
    UserProfile p =
        r.value() == null
            ? new UserProfile(layout.profile(), layout.windows())
            : (UserProfile) r.value();
    return new SegmentInput(
        userId, p.view(streamTime(r.global())), new HashSet<>(p.purchasedItems()));
  }

  private long streamTime(GlobalAggregates merged) {
    long t = merged.newestMillis();
    return t == Long.MIN_VALUE ? clock.millis() : t;
  }

  /**
   * One MGET of {@code keyOrNull} and the global partitions; the partitions merged (absent ones are
   * empty: no event of theirs yet).
   */
  private Read read(StateKey keyOrNull) {
    List<StateKey> keys = new ArrayList<>(layout.globalKeys());
    if (keyOrNull != null) {
      keys.add(keyOrNull);
    }
    Map<StateKey, byte[]> found;
    try {
      found = store.readStates(keys);
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException(
          "the state store (Redis) failed or cannot be reached; retry later", e);
    }
    GlobalAggregates global = new GlobalAggregates(layout.windows());
    for (StateKey g : layout.globalKeys()) {
      byte[] bytes = found.get(g);
      if (bytes != null) {
        global.merge((GlobalAggregates) layout.read(StateKind.GLOBAL, bytes));
      }
    }
    byte[] value = keyOrNull == null ? null : found.get(keyOrNull);
    return new Read(value == null ? null : layout.read(keyOrNull.kind(), value), global);
  }

  /** A key's aggregate (null when absent) and the merged global partitions. */
  private record Read(Object value, GlobalAggregates global) {}
}
