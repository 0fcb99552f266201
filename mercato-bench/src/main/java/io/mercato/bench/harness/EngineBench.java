package io.mercato.bench.harness;

import io.mercato.core.event.Event;
import io.mercato.core.reco.InteractionWeights;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.core.time.Window;
import io.mercato.core.trending.TopItems;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.shard.ShardState;
import io.mercato.engine.shard.StateShape;
import io.mercato.synthetic.SyntheticTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * Throughput of the embedded engine with every statistics aggregate on (windowed counts for every
 * scope and composite key, HLL distinct users, KLL values, trending, reservoir, profiles) and the
 * journal on ({@code fsync: group}): pre-parsed synthetic events (100,000 users and 20,000 items with
 * Zipf popularity, realistic type mix, event times advancing 2 ms per event) handed to
 * {@link Engine#ingest} in batches of 500 by two threads (retrying after backpressure, as a client
 * would), timed until every shard has applied them. Three setups, each on the same events:
 *
 * <ul>
 *   <li>{@code statistics}: the aggregates of the statistics issue alone. The recommenders are
 *       configured to count only an event type this stream never carries ({@code reco.weights}), so
 *       no event reaches the recommendation writer.
 *   <li>{@code statistics+recommenders}: the default configuration, every interaction also feeding
 *       the single recommendation writer.
 *   <li>{@code shard apply, one thread}: {@link ShardState#apply} over the same events in a loop on one
 *       thread, no journal, queues or producers: the cost of the aggregates themselves, the ceiling of
 *       one shard.
 * </ul>
 *
 * <p>After the {@code statistics} setup it also prints what a trending read costs on that state
 * ({@link Engine#topItems}, global and in the busiest category, per window): the median of five
 * reads. A read whose candidates cannot prove the answer scans every item state, so this is where
 * exactness costs.
 *
 * <p>Run: {@code ./mercato bench engine [--quick] [--json]}.
 */
public final class EngineBench {
  /** One setup's measured result. */
  public record Row(String setup, long events, double seconds, double eventsPerSecond) {}

  /** A recommender weight for a type the synthetic stream never has: the reco writer stays idle. */
  static final String NO_INTERACTIONS = "bench_no_such_type=1";

  private final boolean quick;
  private final PrintStream log;

  public EngineBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  /** Like a well-behaved client: on backpressure, wait briefly and retry the same batch. */
  static void ingestWithRetry(Engine engine, List<Event> batch) {
    while (true) {
      try {
        engine.ingest(batch);
        return;
      } catch (BackpressureException e) {
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  /** Runs the three setups in order; every row has applied all events or the run failed. */
  public List<Row> run() throws IOException, InterruptedException {
    int total = quick ? 100_000 : 2_000_000;
    List<Row> rows = new ArrayList<>();
    rows.add(engine("statistics", total, EngineBench::statisticsOnly));
    rows.add(engine("statistics+recommenders", total, c -> c));
    rows.add(applyLoop(total));
    return rows;
  }

  /** {@code c} with recommenders that count only {@link #NO_INTERACTIONS}: the statistics setup. */
  static EngineConfig statisticsOnly(EngineConfig c) {
    return c.withReco(c.reco().withWeights(InteractionWeights.parse(NO_INTERACTIONS)));
  }

  /** The stream every setup sees, from the same seed; event times start at {@code clock[0]}. */
  private static List<List<Event>> batches(int total, long[] clock) {
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(11)
            .idPrefix("eng-")
            .users(100_000)
            .items(20_000)
            .clock(() -> Instant.ofEpochMilli(clock[0] += 2))
            .build();
    List<List<Event>> batches = new ArrayList<>();
    for (int i = 0; i < total / 500; i++) {
      batches.add(traffic.next(500));
    }
    return batches;
  }

  private static long start() {
    return Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
  }

  private Row engine(String setup, int total, UnaryOperator<EngineConfig> configure)
      throws IOException, InterruptedException {
    long[] clock = {start()};
    List<List<Event>> batches = batches(total, clock);
    Path dir = Files.createTempDirectory("mercato-bench-engine");
    InstantSource now = () -> Instant.ofEpochMilli(clock[0]);
    Engine engine =
        Engine.start(configure.apply(EngineConfig.defaults(dir)), now, new SimpleMeterRegistry());
    try {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      Thread[] producers = new Thread[2];
      for (int p = 0; p < producers.length; p++) {
        producers[p] =
            new Thread(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < batches.size()) {
                    ingestWithRetry(engine, batches.get(i));
                  }
                });
        producers[p].start();
      }
      for (Thread t : producers) {
        t.join();
      }
      long applied =
          engine.countsByType().values().stream()
              .mapToLong(Long::longValue)
              .sum(); // waits for the shards
      Row row = report(setup, applied, System.nanoTime() - start);
      if (setup.equals("statistics")) {
        reportTrending(engine, batches);
      }
      return row;
    } finally {
      engine.close();
      IngestBench.deleteRecursively(dir);
    }
  }

  /** Prints the median time of five trending reads per window, global and in the busiest category. */
  private void reportTrending(Engine engine, List<List<Event>> batches) {
    Map<String, Long> perCategory = new HashMap<>();
    batches.forEach(
        b ->
            b.forEach(
                e -> {
                  if (e.category() != null) {
                    perCategory.merge(e.category(), 1L, Long::sum);
                  }
                }));
    String busiest =
        perCategory.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    long now = engine.streamTime();
    for (String category : Arrays.asList(null, busiest)) {
      for (Window w : engine.windows().all()) {
        long[] nanos = new long[5];
        TopItems top = null;
        for (int i = 0; i < nanos.length; i++) {
          long t0 = System.nanoTime();
          top = engine.topItems(category, w, now, 10);
          nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        log.printf(
            "  trending %-3s %-14s %s, median %.1f ms of 5 reads%n",
            w.name(),
            category == null ? "global" : "category " + category,
            top.exact() ? "exact" : "approximate",
            nanos[2] / 1e6);
      }
    }
  }

  /** The aggregates alone: one shard state, one thread, after one untimed warm-up pass. */
  private Row applyLoop(int total) {
    List<Event> events = new ArrayList<>(total);
    batches(total, new long[] {start()}).forEach(events::addAll);
    EngineConfig c = EngineConfig.defaults(Path.of("unused"));
    StateShape shape =
        new StateShape(
            c.stats().toWindows(),
            c.stats().toCompositeKeys(),
            c.sampling().reservoirCapacity(),
            42L,
            c.profile());
    ShardState warm = new ShardState(shape); // lets the JIT compile the apply path before timing
    events.forEach(warm::apply);
    ShardState state = new ShardState(shape);
    long start = System.nanoTime();
    for (Event e : events) {
      state.apply(e);
    }
    long elapsed = System.nanoTime() - start;
    return report("shard apply, one thread", state.counts().total(), elapsed);
  }

  private Row report(String setup, long applied, long nanos) {
    double seconds = nanos / 1e9;
    Row r = new Row(setup, applied, seconds, applied / seconds);
    log.printf(
        "  %-26s %,d events in %.2f s: %,.0f events/s%n",
        setup, applied, seconds, r.eventsPerSecond());
    return r;
  }
}
