package io.mercato.bench;

import io.mercato.core.event.Event;
import io.mercato.core.reco.RecoState;
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
 * Cost per interaction of {@link RecoState#apply}, the real-time recommendation update: the user's
 * history, the item's recent users (user-CF index), time-decayed popularity, and, when the item is
 * new to the user, item-CF co-occurrence with the user's 20 previous items and the neighbour-list
 * offers and rebuilds (the bulk of the cost; see {@link RecoState}'s "work per event").
 *
 * <p>Setup as in {@code mercato bench reco} ({@link RecoTraffic}: 100,000 users, 20,000 items, Zipf
 * popularity, default {@code RecoConfig}): the state is first warmed with {@code warmInteractions}
 * interactions (default 1,000,000) so histories, rings and co-occurrence rows have their steady-state
 * sizes. The state keeps evolving, and replaying events would take the cheap "item already in the
 * history" path, so each invocation applies the next {@value #BATCH} interactions of the same stream,
 * generated in an untimed per-invocation setup; the state grows only to its caps. Score: time per
 * interaction. Garbage the update creates is collected inside the measurement, as in the engine.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar ItemCfUpdateBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ItemCfUpdateBenchmark {
  static final int BATCH = 10_000;

  /** Interactions applied before measuring. */
  @Param("1000000")
  public int warmInteractions;

  private RecoTraffic traffic;
  private RecoState state;
  private Event[] batch;

  @Setup(Level.Trial)
  public void warm() {
    traffic = new RecoTraffic();
    state = traffic.warmState(warmInteractions);
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    List<Event> next = traffic.next(BATCH);
    batch = next.toArray(new Event[0]);
  }

  /** Applies the next batch of interactions; the score is per interaction. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long apply() {
    RecoState s = state;
    for (Event e : batch) {
      s.apply(e);
    }
    return s.interactions();
  }
}
