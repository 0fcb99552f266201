package io.mercato.bench;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;
import io.mercato.synthetic.SyntheticTraffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The aggregates {@link AggregateBenchmark} measures, each with the key it is typical for (which
 * decides the event stream it is fed), how to make an empty one, and how to copy one (through its
 * binary form, the same path snapshots and Flink state take).
 */
enum AggregateKind {
  /** Counts per type and window of a hot key: the global scope or a popular item. */
  WINDOWED_COUNTS(
      "WindowedCounts",
      Key.GLOBAL,
      () -> new WindowedCounts(Shape.WINDOWS),
      in -> WindowedCounts.read(in, Shape.WINDOWS),
      merger(WindowedCounts.class)),
  /** Distinct users per window (HLL per sub-bucket) of the global scope. */
  WINDOWED_DISTINCT(
      "WindowedDistinct",
      Key.GLOBAL,
      () -> new WindowedDistinct(Shape.WINDOWS),
      WindowedDistinct::read,
      merger(WindowedDistinct.class)),
  /** Trending items (frequent-items sketch per sub-bucket) of the global scope. */
  WINDOWED_TOP_ITEMS(
      "WindowedTopItems",
      Key.GLOBAL,
      () -> new WindowedTopItems(Shape.WINDOWS),
      WindowedTopItems::read,
      merger(WindowedTopItems.class)),
  /** Everything one category key holds: counts, distinct users and trending items. */
  KEY_STATE(
      "KeyState",
      Key.CATEGORY,
      () -> new KeyState(Shape.WINDOWS, true, false),
      in -> KeyState.read(in, Shape.WINDOWS, true, false),
      merger(KeyState.class)),
  /** One partition of the global scope: all-time and windowed counts, distinct users, values, trending. */
  GLOBAL_AGGREGATES(
      "GlobalAggregates",
      Key.GLOBAL,
      () -> new GlobalAggregates(Shape.WINDOWS),
      in -> GlobalAggregates.read(in, Shape.WINDOWS),
      merger(GlobalAggregates.class)),
  /** The profile of one very active user. */
  USER_PROFILE(
      "UserProfile",
      Key.USER,
      () -> new UserProfile(Shape.PROFILE, Shape.WINDOWS),
      in -> UserProfile.read(in, Shape.PROFILE, Shape.WINDOWS),
      merger(UserProfile.class));

  /** The {@code @Param} values: the class names. */
  static final String NAMES =
      "WindowedCounts,WindowedDistinct,WindowedTopItems,KeyState,GlobalAggregates,UserProfile";

  private final String className;
  private final Key key;
  private final Supplier<Aggregate<?>> empty;
  private final Function<BinaryReader, Aggregate<?>> reader;
  private final BiConsumer<Aggregate<?>, Aggregate<?>> merger;

  AggregateKind(
      String className,
      Key key,
      Supplier<Aggregate<?>> empty,
      Function<BinaryReader, Aggregate<?>> reader,
      BiConsumer<Aggregate<?>, Aggregate<?>> merger) {
    this.className = className;
    this.key = key;
    this.empty = empty;
    this.reader = reader;
    this.merger = merger;
  }

  /** The kind named by its class's simple name, e.g. {@code KeyState}. */
  static AggregateKind of(String className) {
    return Arrays.stream(values())
        .filter(k -> k.className.equals(className))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown aggregate " + className + "; one of " + NAMES));
  }

  /** The stream this aggregate sees in a running engine: its history and then {@code batch} more events. */
  Streams.Timeline timeline(int batch) {
    return key.timeline(batch);
  }

  /** A new aggregate holding {@code events}. */
  Aggregate<?> build(List<Event> events) {
    Aggregate<?> a = empty.get();
    events.forEach(a::apply);
    return a;
  }

  /**
   * Two partials that together saw {@code events}, as two partitions would: split by user for the
   * scopes many users feed, alternately for the one-user profile.
   */
  List<Aggregate<?>> partials(List<Event> events) {
    List<Event> left = new ArrayList<>();
    List<Event> right = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      int side = key == Key.USER ? i & 1 : Math.floorMod(e.userId().hashCode(), 2);
      (side == 0 ? left : right).add(e);
    }
    return List.of(build(left), build(right));
  }

  /** The binary form of {@code a}. */
  static byte[] bytes(Aggregate<?> a) {
    BinaryWriter w = new BinaryWriter();
    a.writeTo(w);
    return w.toByteArray();
  }

  /** A new aggregate read from {@link #bytes}. */
  Aggregate<?> read(byte[] bytes) {
    return reader.apply(new BinaryReader(bytes));
  }

  /** {@code into.merge(from)}. */
  void merge(Aggregate<?> into, Aggregate<?> from) {
    merger.accept(into, from);
  }

  private static <A extends Aggregate<A>> BiConsumer<Aggregate<?>, Aggregate<?>> merger(
      Class<A> type) {
    return (into, from) -> type.cast(into).merge(type.cast(from));
  }

  /** Shared configuration: the engine's defaults. */
  private static final class Shape {
    static final Windows WINDOWS = Windows.defaults();
    static final ProfileConfig PROFILE = ProfileConfig.defaults();
  }

  /**
   * The kinds of key and the traffic each sees. A history of 8 days (longer than the 7-day window, so
   * every coarse bucket is filled, as in a long-running engine), then a dense batch so the fine
   * 10-second buckets roll a few times within it.
   */
  private enum Key {
    /** The whole stream: 100,000 events of history, then 200 events/s. */
    GLOBAL(() -> SyntheticTraffic.builder().seed(Streams.SEED), 100_000, Duration.ofMillis(5)),
    /** One category's stream (the generator with one category), same rates. */
    CATEGORY(
        () -> SyntheticTraffic.builder().seed(Streams.SEED).categories(1),
        100_000,
        Duration.ofMillis(5)),
    /** One user's stream: 2,000 events of history, then an event every 30 s (a session). */
    USER(
        () -> SyntheticTraffic.builder().seed(Streams.SEED).users(1).concurrentSessions(1),
        2_000,
        Duration.ofSeconds(30));

    private final Supplier<SyntheticTraffic.Builder> traffic;
    private final int history;
    private final Duration step;

    Key(Supplier<SyntheticTraffic.Builder> traffic, int history, Duration step) {
      this.traffic = traffic;
      this.history = history;
      this.step = step;
    }

    Streams.Timeline timeline(int batch) {
      return Streams.timeline(traffic.get(), history, Duration.ofDays(8), batch, step);
    }
  }
}
