package io.mercato.bench.harness;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventLimits;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.ReadResult;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
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
import java.util.function.IntConsumer;

/**
 * The same synthetic events, as NDJSON chunks of 500 in memory (100,000 users and 20,000 items with
 * Zipf popularity, the realistic type mix of {@link SyntheticTraffic}, seed 21, event times 2 ms
 * apart), through three pipelines in one run, each parsing and validating the JSON itself:
 * <ol>
 *   <li><b>embedded</b>: {@link Engine#ingest} with every aggregate on, the recommendation state and the
 *       journal on ({@code fsync: group}); two threads parse and ingest, timed until every shard applied
 *       everything;</li>
 *   <li><b>flink</b>: the Flink job's topology ({@link FlinkPipeline}) on a local MiniCluster at
 *       parallelism 2 with heap state, reading the same chunks from memory, with the same aggregates
 *       and dedup, writing its output to a counting sink instead of Redis (so neither side pays for
 *       its serving store); timed from job submission to the end of the bounded input;</li>
 *   <li><b>baseline</b>: the ceiling — two threads parse and validate the chunks and count events per
 *       (type, item) in a hash map, nothing else.</li>
 * </ol>
 * Prints events/s of each and the ratios embedded/flink and embedded/baseline.
 *
 * <p>Run: {@code ./mercato bench pipeline [--quick] [--json]}.
 */
public final class PipelineBench {
  /** One pipeline's result. */
  public record Row(String pipeline, long events, double seconds, double eventsPerSecond) {}

  /** All three and the ratios (NaN where a side did not run). */
  public record Result(List<Row> rows, double embeddedOverFlink, double embeddedOverBaseline) {}

  /** Runs the Flink side: the events of {@code chunks}, returns how many the job accepted. */
  public interface FlinkPipeline {
    long run(List<byte[]> chunks, int parallelism) throws Exception;
  }

  private final boolean quick;
  private final PrintStream log;
  private final FlinkPipeline flink;

  public PipelineBench(boolean quick, PrintStream log, FlinkPipeline flink) {
    this.quick = quick;
    this.log = log;
    this.flink = flink;
  }

  public Result run() throws Exception {
    int total = quick ? 100_000 : 2_000_000;
    long[] clock = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(21)
            .idPrefix("pipe-")
            .users(100_000)
            .items(20_000)
            .clock(() -> Instant.ofEpochMilli(clock[0] += 2))
            .build();
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < total / 500; i++) {
      chunks.add(traffic.nextNdjson(500));
    }
    InstantSource now = () -> Instant.ofEpochMilli(clock[0]);
    List<Row> rows = new ArrayList<>();
    Row embedded = embedded(chunks, now);
    rows.add(embedded);
    Row flinkRow = null;
    if (flink != null) {
      long t0 = System.nanoTime();
      long n = flink.run(chunks, 2);
      flinkRow =
          row(
              "flink", n,
              t0); // includes splitting the chunks into records: a few ms of the seconds
      rows.add(flinkRow);
    }
    Row baseline = baseline(chunks, now);
    rows.add(baseline);
    double overFlink =
        flinkRow == null ? Double.NaN : embedded.eventsPerSecond() / flinkRow.eventsPerSecond();
    double overBaseline = embedded.eventsPerSecond() / baseline.eventsPerSecond();
    log.printf(
        "  embedded / flink = %.2f×, embedded / baseline = %.2f×%n", overFlink, overBaseline);
    return new Result(rows, overFlink, overBaseline);
  }

  /**
   * The Flink side: the chunks split into one record per event, run by {@link InMemoryPipeline}.
   * Returns the events the job processed (every event, as the stream has no invalid, duplicate or
   * late ones; checked by the job's dead-letter count and its state updates).
   */
  static long runFlink(List<byte[]> chunks, int parallelism) throws Exception {
    List<byte[]> records = new ArrayList<>();
    for (byte[] chunk : chunks) {
      int from = 0;
      for (int i = 0; i <= chunk.length; i++) {
        if (i == chunk.length || chunk[i] == '\n') {
          if (i > from) {
            records.add(Arrays.copyOfRange(chunk, from, i));
          }
          from = i + 1;
        }
      }
    }
    InMemoryPipeline.Outcome o = InMemoryPipeline.run(records, parallelism);
    if (o.deadLetters() != 0 || o.stateUpdates() == 0) {
      throw new IllegalStateException(
          "the Flink job rejected "
              + o.deadLetters()
              + " records and wrote "
              + o.stateUpdates()
              + " state updates");
    }
    return records.size();
  }

  private Row embedded(List<byte[]> chunks, InstantSource now)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("mercato-bench-pipeline");
    Engine engine = Engine.start(EngineConfig.defaults(dir), now, new SimpleMeterRegistry());
    try {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      long t0 = System.nanoTime();
      onTwoThreads(
          chunks.size(),
          i -> {
            ReadResult r = engine.reader().read(chunks.get(i), EventJsonReader.Format.NDJSON);
            EngineBench.ingestWithRetry(engine, r.events());
          });
      long applied =
          engine.countsByType().values().stream()
              .mapToLong(Long::longValue)
              .sum(); // waits for the shards
      return row("embedded", applied, t0);
    } finally {
      engine.close();
      IngestBench.deleteRecursively(dir);
    }
  }

  private Row baseline(List<byte[]> chunks, InstantSource now) throws InterruptedException {
    EventJsonReader reader = new EventJsonReader(EventValidator.of(EventLimits.defaults(), now));
    List<Map<String, long[]>> maps = List.of(new HashMap<>(), new HashMap<>());
    long t0 = System.nanoTime();
    onTwoThreads(
        chunks.size(),
        (thread, i) -> {
          Map<String, long[]> counts = maps.get(thread);
          for (Event e : reader.read(chunks.get(i), EventJsonReader.Format.NDJSON).events()) {
            counts.computeIfAbsent(e.type() + '|' + e.itemId(), k -> new long[1])[0]++;
          }
        });
    long n = 0;
    for (Map<String, long[]> m : maps) {
      for (long[] c : m.values()) {
        n += c[0];
      }
    }
    return row("baseline", n, t0);
  }

  private Row row(String name, long events, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    Row r = new Row(name, events, seconds, events / seconds);
    log.printf(
        "  %-9s %,d events in %.2f s: %,.0f events/s%n",
        name, events, seconds, r.eventsPerSecond());
    return r;
  }

  private interface ChunkTask {
    void run(int thread, int chunk);
  }

  private static void onTwoThreads(int chunks, IntConsumer task) throws InterruptedException {
    onTwoThreads(chunks, (thread, i) -> task.accept(i));
  }

  private static void onTwoThreads(int chunks, ChunkTask task) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] =
          new Thread(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < chunks) {
                  task.run(thread, i);
                }
              },
              "pipeline-bench-" + t);
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
