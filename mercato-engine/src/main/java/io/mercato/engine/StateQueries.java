package io.mercato.engine;

import io.mercato.core.ads.SegmentInput;
import io.mercato.core.agg.Aggregate;
import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.core.runtime.Scope;
import io.mercato.core.runtime.ScopeStats;
import io.mercato.core.sampling.EventReservoir;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.core.trending.TopItems;
import io.mercato.core.trending.TrendingCandidates;
import io.mercato.core.trending.TrendingCounts;
import io.mercato.core.trending.TrendingRanker;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import io.mercato.engine.shard.StateShape;
import io.mercato.engine.shard.TrendingScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reads of the statistics state: every query asks the shards on their own threads after all batches
 * queued before it, so a read that starts after an ingest returned sees that batch (read-your-writes).
 * Each method refuses with {@link EngineUnavailableException} unless the engine is READY. See the
 * matching methods of {@link Engine} for the contract of each.
 */
final class StateQueries {
  private final Lifecycle lifecycle;
  private final Shard<ShardState>[] shards;
  private final StateShape shape;
  private final StreamClock streamClock;

  StateQueries(
      Lifecycle lifecycle, Shard<ShardState>[] shards, StateShape shape, StreamClock streamClock) {
    this.lifecycle = lifecycle;
    this.shards = shards;
    this.shape = shape;
    this.streamClock = streamClock;
  }

  /** The newest accepted event time, or {@link Long#MIN_VALUE} before any event. */
  long newestMillis() {
    return streamClock.newestMillis();
  }

  /** The time windows are evaluated at: the newest accepted event time, or the clock before any event. */
  long streamTime() {
    return streamClock.streamTime();
  }

  Map<String, Long> countsByType() {
    lifecycle.requireReady();
    List<CompletableFuture<EventTypeCounts>> parts = new ArrayList<>();
    for (Shard<ShardState> s : shards) {
      parts.add(s.ask(st -> st.counts().copy()));
    }
    EventTypeCounts total = new EventTypeCounts();
    for (CompletableFuture<EventTypeCounts> f : parts) {
      total.merge(f.join());
    }
    return total.asMap();
  }

  Optional<ScopeStats> scopeStats(Scope scope, String key) {
    lifecycle.requireReady();
    Windows w = shape.windows();
    Function<ShardState, ScopeStats> part =
        st -> {
          WindowedCounts c = st.counts(scope, key);
          WindowedDistinct d = st.distinct(scope, key);
          ValueQuantiles v = st.values(scope, key);
          return new ScopeStats(
              c == null ? null : c.copy(),
              st.global().copy(),
              d == null ? null : copyOf(new WindowedDistinct(w), d),
              v == null ? null : copyOf(new ValueQuantiles(), v));
        };
    List<ScopeStats> parts =
        scope == Scope.USER
            ? List.of(shards[Engine.shardOf(key, shards.length)].ask(part).join())
            : askAll(part);
    WindowedCounts counts = null;
    WindowedCounts global = new WindowedCounts(w);
    WindowedDistinct distinct = null;
    ValueQuantiles values = null;
    for (ScopeStats p : parts) {
      global.merge(p.global());
      if (p.counts() != null) {
        counts = counts == null ? p.counts() : merged(counts, p.counts());
      }
      if (p.distinct() != null) {
        distinct = distinct == null ? p.distinct() : merged(distinct, p.distinct());
      }
      if (p.values() != null) {
        values = values == null ? p.values() : merged(values, p.values());
      }
    }
    if (scope == Scope.USER) {
      global =
          askAll(st -> st.global().copy()).stream()
              .reduce(new WindowedCounts(w), StateQueries::merged);
    }
    if (counts == null && scope != Scope.GLOBAL) {
      return Optional.empty();
    }
    return Optional.of(
        new ScopeStats(counts == null ? new WindowedCounts(w) : counts, global, distinct, values));
  }

  Optional<ProfileView> profile(String userId) {
    lifecycle.requireReady();
    Shard<ShardState> s = shards[Engine.shardOf(userId, shards.length)];
    return Optional.ofNullable(
        s.ask(
                st -> {
                  UserProfile p = st.profile(userId);
                  return p == null ? null : p.view(streamClock.streamTime());
                })
            .join());
  }

  SegmentInput segmentInput(String userId) {
    lifecycle.requireReady();
    Shard<ShardState> s = shards[Engine.shardOf(userId, shards.length)];
    return s.ask(
            st -> {
              UserProfile p = st.profile(userId);
              long now = streamClock.streamTime();
              if (p == null) {
                p = new UserProfile(shape.profile(), shape.windows());
              }
              return new SegmentInput(userId, p.view(now), new HashSet<>(p.purchasedItems()));
            })
        .join();
  }

  /** Distinct users of a campaign in a window, from the campaign scope's HLL. */
  long campaignParticipants(String campaignId, Window window) {
    return scopeStats(Scope.CAMPAIGN, campaignId)
        .map(
            st ->
                st.distinct() == null
                    ? 0L
                    : st.distinct().estimate(window, streamClock.streamTime()))
        .orElse(0L);
  }

  Optional<WindowedCounts> compositeCounts(String composite, String key) {
    lifecycle.requireReady();
    if (shape.composites().stream().noneMatch(k -> k.name().equals(composite))) {
      throw new ValidationException(
          "scope",
          "unknown scope \"" + composite + "\"; valid: " + String.join(", ", scopeNames(shape)));
    }
    return askAll(
            st -> {
              WindowedCounts c = st.compositeCounts(composite, key);
              return c == null ? null : c.copy();
            })
        .stream()
        .filter(Objects::nonNull)
        .reduce(StateQueries::merged);
  }

  /** Every scope name accepted by the stats API: the single-field scopes and the composites. */
  static List<String> scopeNames(StateShape shape) {
    List<String> names = new ArrayList<>();
    for (Scope sc : Scope.values()) {
      names.add(sc.name().toLowerCase(Locale.ROOT));
    }
    shape.composites().forEach((CompositeKey k) -> names.add(k.name()));
    return names;
  }

  TopItems topItems(String categoryOrNull, Window w, long nowMillis, int n) {
    lifecycle.requireReady();
    TrendingCandidates candidates =
        TrendingCandidates.sum(
            askAll(
                st -> {
                  WindowedTopItems t = st.trending(categoryOrNull);
                  return t == null ? TrendingCandidates.NONE : t.candidates(w, nowMillis);
                }));
    // Every candidate the ranker may look up, counted in one round over the shards.
    List<String> asked =
        candidates
            .items()
            .subList(
                0,
                Math.min(candidates.size(), Math.max(TrendingRanker.DEFAULT_MAX_LOOKUPS, 2 * n)));
    long[] counts = new long[asked.size()];
    for (long[] part : askAll(st -> st.trendingCounts(categoryOrNull, asked, w, nowMillis))) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = TrendingCounts.sum(counts[i], part[i]);
      }
    }
    Map<String, Long> known = new HashMap<>();
    for (int i = 0; i < counts.length; i++) {
      known.put(asked.get(i), counts[i]);
    }
    TopItems top =
        TrendingRanker.rank(
            candidates,
            n,
            items -> items.stream().mapToLong(known::get).toArray(),
            TrendingRanker.DEFAULT_MAX_LOOKUPS);
    if (top.exact()) {
      return top;
    }
    // The shards hold every item's exact counts: scan them rather than answer approximately.
    return askAll(st -> st.scanTrending(categoryOrNull, w, nowMillis)).stream()
        .reduce(TrendingScan::merge)
        .orElseThrow()
        .top(n);
  }

  List<Event> sample(Window w, int n, String typeOrNull) {
    lifecycle.requireReady();
    long now = streamClock.streamTime();
    List<EventReservoir> parts =
        askAll(
            st -> {
              EventReservoir r =
                  new EventReservoir(
                      shape.windows(), shape.reservoirCapacity(), new SplittableRandom(7));
              r.merge(st.reservoir());
              return r;
            });
    EventReservoir all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all.merge(parts.get(i));
    }
    return all.sample(w, now, n, typeOrNull);
  }

  List<byte[]> stateBytes(boolean deterministic) {
    lifecycle.requireReady();
    return askAll(
        st -> {
          BinaryWriter w = new BinaryWriter();
          if (deterministic) {
            st.writeDeterministicTo(w);
          } else {
            st.writeTo(w);
          }
          return w.toByteArray();
        });
  }

  private <T> List<T> askAll(Function<ShardState, T> f) {
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (Shard<ShardState> s : shards) {
      futures.add(s.ask(f));
    }
    List<T> out = new ArrayList<>(futures.size());
    for (CompletableFuture<T> fut : futures) {
      out.add(fut.join());
    }
    return out;
  }

  private static <A extends Aggregate<A>> A copyOf(A empty, A live) {
    empty.merge(live);
    return empty;
  }

  private static <A extends Aggregate<A>> A merged(A into, A other) {
    into.merge(other);
    return into;
  }
}
