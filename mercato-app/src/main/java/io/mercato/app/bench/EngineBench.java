package io.mercato.app.bench;

import io.mercato.core.event.Event;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.testkit.SyntheticTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of the embedded engine with every aggregate on (windowed counts for every scope and
 * composite key, HLL distinct users, KLL values, trending, reservoir) and the journal on
 * ({@code fsync: group}): pre-parsed synthetic events (100,000 users and 20,000 items with Zipf
 * popularity, realistic type mix, event times advancing 2 ms per event) handed to
 * {@link Engine#ingest} in batches of 500 by two threads (retrying after backpressure, as a client
 * would), timed until every shard has applied them.
 *
 * <p>Run: {@code ./mercato bench engine [--quick] [--json]}.
 */
public final class EngineBench {
  /** The measured result. */
  public record Result(long events, double seconds, double eventsPerSecond) {}

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
      } catch (io.mercato.engine.BackpressureException e) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
    }
  }

  public Result run() throws IOException, InterruptedException {
    int total = quick ? 100_000 : 2_000_000;
    long[] clock = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
    SyntheticTraffic traffic = SyntheticTraffic.builder().seed(11).idPrefix("eng-").users(100_000).items(20_000)
        .clock(() -> Instant.ofEpochMilli(clock[0] += 2)).build();
    List<List<Event>> batches = new ArrayList<>();
    for (int i = 0; i < total / 500; i++) {
      batches.add(traffic.next(500));
    }
    Path dir = Files.createTempDirectory("mercato-bench-engine");
    InstantSource now = () -> Instant.ofEpochMilli(clock[0]);
    Engine engine = Engine.start(EngineConfig.defaults(dir), now, new SimpleMeterRegistry());
    try {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      Thread[] producers = new Thread[2];
      for (int p = 0; p < producers.length; p++) {
        producers[p] = new Thread(() -> {
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
      long applied = engine.countsByType().values().stream().mapToLong(Long::longValue).sum(); // waits for the shards
      double seconds = (System.nanoTime() - start) / 1e9;
      Result r = new Result(applied, seconds, applied / seconds);
      log.printf("  %,d events in %.2f s: %,.0f events/s%n", applied, seconds, r.eventsPerSecond());
      return r;
    } finally {
      engine.close();
      IngestBench.deleteRecursively(dir);
    }
  }
}
