package io.mercato.bench;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code apply} and {@code merge} of the state aggregates ({@code WindowedCounts},
 * {@code WindowedDistinct}, {@code WindowedTopItems}, {@code KeyState}, {@code GlobalAggregates},
 * {@code UserProfile}; parameter {@code aggregate}), each on the kind of key it is typical for (see
 * {@link AggregateKind}).
 *
 * <p><b>apply</b> (score per event): an aggregate that already holds 8 days of history (every window
 * full, as in a long-running engine) takes the next {@value #BATCH} events of its stream. Aggregates
 * are stateful and event time must move forward (replaying the same events would take the cheaper
 * "already late" path), so each invocation starts from a fresh copy of the warmed aggregate, read from
 * its binary form in an untimed per-invocation setup, and applies the batch once. An invocation lasts
 * 0.1 ms or more, so JMH's per-invocation timestamps (tens of ns) do not matter. The batch is dense (200
 * events/s for the global and category keys, one every 30 s for the user), so the 10-second buckets
 * roll within it and the amortised roll cost is included. The first events of an invocation meet a
 * freshly read object (cold in cache), as a real engine meets most keys.
 *
 * <p><b>merge</b> (score per merge): the history split into two partials as two partitions would see
 * it (by user; alternately for the one-user profile), and the right one merged into a fresh copy of
 * the left one (copied untimed, as for apply): what a reader pays to combine shard or Flink partials.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar AggregateBenchmark} (one aggregate:
 * {@code ... AggregateBenchmark -p aggregate=KeyState})
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AggregateBenchmark {
  static final int BATCH = 2_000;

  /** A warmed aggregate and the events that follow its history; a fresh copy before every invocation. */
  @State(Scope.Thread)
  public static class ApplyState {
    @Param({
      "WindowedCounts",
      "WindowedDistinct",
      "WindowedTopItems",
      "KeyState",
      "GlobalAggregates",
      "UserProfile"
    })
    public String aggregate;

    private AggregateKind kind;
    private byte[] warmed;
    private Event[] batch;
    Aggregate<?> target;

    @Setup(Level.Trial)
    public void build() {
      kind = AggregateKind.of(aggregate);
      Streams.Timeline t = kind.timeline(BATCH);
      warmed = AggregateKind.bytes(kind.build(t.history()));
      batch = t.batch().toArray(new Event[0]);
    }

    @Setup(Level.Invocation)
    public void reset() {
      target = kind.read(warmed);
    }
  }

  /** Two partials of the same history; a fresh copy of the left one before every invocation. */
  @State(Scope.Thread)
  public static class MergeState {
    @Param({
      "WindowedCounts",
      "WindowedDistinct",
      "WindowedTopItems",
      "KeyState",
      "GlobalAggregates",
      "UserProfile"
    })
    public String aggregate;

    private AggregateKind kind;
    private byte[] left;
    Aggregate<?> right;
    Aggregate<?> target;

    @Setup(Level.Trial)
    public void build() {
      kind = AggregateKind.of(aggregate);
      List<Aggregate<?>> partials = kind.partials(kind.timeline(0).history());
      left = AggregateKind.bytes(partials.get(0));
      right = partials.get(1);
    }

    @Setup(Level.Invocation)
    public void reset() {
      target = kind.read(left);
    }
  }

  /** Applies the batch to the warmed aggregate; the score is per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Aggregate<?> apply(ApplyState s) {
    Aggregate<?> a = s.target;
    for (Event e : s.batch) {
      a.apply(e);
    }
    return a;
  }

  /** Merges the right partial into the left one. */
  @Benchmark
  public Aggregate<?> merge(MergeState s) {
    s.kind.merge(s.target, s.right);
    return s.target;
  }
}
