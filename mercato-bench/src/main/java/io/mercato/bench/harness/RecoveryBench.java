package io.mercato.bench.harness;

import io.mercato.core.event.Event;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.RecoveryStatus;
import io.mercato.engine.SnapshotConfig;
import io.mercato.synthetic.SyntheticTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * How long the embedded engine takes to recover against the length of the journal tail after its
 * newest snapshot, and what taking a snapshot under load does to ingestion: the numbers behind the
 * defaults of {@code snapshot.max-records} and {@code snapshot.max-bytes}.
 *
 * <ol>
 *   <li><b>Recovery time vs tail.</b> One data directory receives {@code base + longest tail}
 *       synthetic events (100,000 users, 20,000 items, Zipf popularity, event times 2 ms apart,
 *       default configuration, every aggregate and the recommenders on) through {@link Engine#ingest},
 *       with a snapshot written — and set aside — where each measured tail begins. For each tail the
 *       snapshot directory holds only that snapshot, an engine starts on the directory as after a
 *       crash, and the time until it is ready is measured, with the replay rate its recovery status
 *       reports.</li>
 *   <li><b>Snapshot under load.</b> On the recovered full state, batches of 500 events are handed to
 *       {@link Engine#ingest} open loop at a fixed rate (batch {@code i} due at {@code start + i/rate};
 *       latency from that intended time, a refused batch retried after 1 ms), while snapshots are taken
 *       back to back with pauses between them; batch latency is reported apart for batches that
 *       overlapped a snapshot and for the others.</li>
 * </ol>
 *
 * <p>Run: {@code ./mercato bench recovery [--quick] [--json]} (about 5 minutes; quick: seconds).
 */
public final class RecoveryBench {
  /**
   * One recovery.
   *
   * @param tailRecords      journal records after the snapshot, all replayed
   * @param stateEvents      events the snapshot covers
   * @param snapshotBytes    the snapshot's size
   * @param secondsToReady   from {@link Engine#start} until ready: opening the stores, loading the
   *                         snapshot, checking and replaying the journal
   * @param replaySeconds    of which replaying the tail
   * @param replayPerSecond  the replay's rate as its recovery status reported it
   */
  public record TailRow(
      long tailRecords,
      long stateEvents,
      long snapshotBytes,
      double secondsToReady,
      double replaySeconds,
      double replayPerSecond) {}

  /**
   * Ingest latency with and without a snapshot in progress.
   *
   * @param eventsPerSecond     the offered rate
   * @param snapshots           snapshots taken during the run
   * @param snapshotSecondsMean their mean duration
   * @param ingestPauseMsMax    the longest a snapshot held the ingest lock ({@code mercato_snapshot_ingest_pause})
   * @param during              batches that overlapped a snapshot
   * @param outside             the other batches
   */
  public record LoadRow(
      double eventsPerSecond,
      int snapshots,
      double snapshotSecondsMean,
      double ingestPauseMsMax,
      Latency during,
      Latency outside) {}

  /**
   * Batch latency from the intended send time, milliseconds.
   *
   * @param refused batches refused with backpressure at least once (retried)
   */
  public record Latency(long batches, double p50, double p99, double max, long refused) {}

  /** Everything measured. */
  public record Result(List<TailRow> tails, LoadRow load) {}

  private static final int BATCH = 500;
  private final boolean quick;
  private final PrintStream log;

  public RecoveryBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  /** Settings of every engine here: defaults, but snapshots only when the harness takes them. */
  static EngineConfig config(Path dir) {
    EngineConfig d = EngineConfig.defaults(dir);
    return new EngineConfig(
        dir,
        d.shards(),
        d.shardQueueCapacity(),
        d.journal(),
        new SnapshotConfig(Duration.ofDays(1), 2, 0, 0),
        d.dedup(),
        d.limits(),
        d.stats(),
        d.sampling(),
        d.profile(),
        d.reco(),
        d.als(),
        d.ads(),
        d.db());
  }

  public Result run() throws IOException, InterruptedException {
    long base = quick ? 20_000 : 500_000;
    List<Long> tails =
        quick
            ? List.of(10_000L, 30_000L)
            : List.of(100_000L, 250_000L, 500_000L, 1_000_000L, 2_000_000L);
    long longest = tails.get(tails.size() - 1);
    long total = base + longest;
    Path dir = Files.createTempDirectory("mercato-bench-recovery");
    Path aside = Files.createTempDirectory("mercato-bench-recovery-snapshots");
    long[] clock = {Instant.parse("2026-11-24T12:00:00Z").toEpochMilli()};
    InstantSource now = () -> Instant.ofEpochMilli(clock[0]);
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(11)
            .idPrefix("rec-")
            .users(100_000)
            .items(20_000)
            .clock(() -> Instant.ofEpochMilli(clock[0] += 2))
            .build();
    try {
      log.printf("  building %,d events, a snapshot where each tail begins ...%n", total);
      Engine builder = start(dir, now);
      long ingested = 0;
      for (int t = tails.size() - 1; t >= 0; t--) {
        long at = total - tails.get(t);
        ingested = ingest(builder, traffic, ingested, at);
        long seq = builder.snapshot();
        Files.copy(newestSnapshot(dir), aside.resolve(tails.get(t) + ".bin"));
        log.printf(
            "  snapshot at sequence %,d set aside for the %,d-record tail%n", seq, tails.get(t));
      }
      ingest(builder, traffic, ingested, total);
      builder.close();

      List<TailRow> rows = new ArrayList<>();
      for (long tail : tails) {
        rows.add(recover(dir, aside.resolve(tail + ".bin"), tail, total));
      }
      LoadRow load = underLoad(dir, traffic);
      return new Result(rows, load);
    } finally {
      IngestBench.deleteRecursively(dir);
      IngestBench.deleteRecursively(aside);
    }
  }

  private static Engine start(Path dir, InstantSource now) {
    return start(dir, now, new SimpleMeterRegistry());
  }

  private static Engine start(Path dir, InstantSource now, SimpleMeterRegistry meters) {
    Engine e = Engine.start(config(dir), now, meters);
    if (!e.awaitReady(Duration.ofHours(1))) {
      throw new IllegalStateException("engine not ready: " + e.status());
    }
    return e;
  }

  private static long ingest(Engine e, SyntheticTraffic traffic, long from, long to) {
    for (long i = from; i < to; i += BATCH) {
      EngineBench.ingestWithRetry(e, traffic.next((int) Math.min(BATCH, to - i)));
    }
    return to;
  }

  private static Path newestSnapshot(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      return s.filter(p -> p.getFileName().toString().matches("snapshot-\\d+\\.bin"))
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  private TailRow recover(Path dir, Path snapshot, long tail, long total) throws IOException {
    Path snapshots = dir.resolve("snapshots");
    try (Stream<Path> s = Files.list(snapshots)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.copy(
        snapshot,
        snapshots.resolve(String.format("snapshot-%020d.bin", total - tail)),
        StandardCopyOption.REPLACE_EXISTING);
    long t0 = System.nanoTime();
    Engine e =
        start(dir, InstantSource.system()); // the recovery's rate is measured on the engine's clock
    double seconds = (System.nanoTime() - t0) / 1e9;
    RecoveryStatus r = e.status().recovery();
    if (r.replayed() != tail) {
      e.close();
      throw new IllegalStateException(
          "expected a tail of " + tail + " records but " + r.replayed() + " were replayed");
    }
    double replaySeconds = r.recordsPerSecond() > 0 ? tail / r.recordsPerSecond() : Double.NaN;
    TailRow row =
        new TailRow(
            tail, total - tail, Files.size(snapshot), seconds, replaySeconds, r.recordsPerSecond());
    log.printf(
        "  tail %,9d records over a snapshot of %,d events (%,d bytes): ready in %5.1f s, of which replay "
            + "%5.1f s (%,.0f records/s)%n",
        tail, total - tail, row.snapshotBytes(), seconds, replaySeconds, r.recordsPerSecond());
    e.close();
    return row;
  }

  private LoadRow underLoad(Path dir, SyntheticTraffic traffic) throws InterruptedException {
    double rate = quick ? 10_000 : 20_000;
    int seconds = quick ? 6 : 40;
    int batches = (int) (rate * seconds / BATCH);
    List<List<Event>> bodies = new ArrayList<>(batches);
    for (int i = 0; i < batches; i++) {
      bodies.add(traffic.next(BATCH));
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Engine e = start(dir, InstantSource.system(), meters);
    try {
      AtomicBoolean snapshotting = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      List<Double> durations = new ArrayList<>();
      Thread snapshotter =
          new Thread(
              () -> {
                while (!stop.get()) {
                  LockSupport.parkNanos(Duration.ofSeconds(quick ? 1 : 3).toNanos());
                  if (stop.get()) {
                    return;
                  }
                  snapshotting.set(true);
                  long t0 = System.nanoTime();
                  e.snapshot();
                  snapshotting.set(false);
                  synchronized (durations) {
                    durations.add((System.nanoTime() - t0) / 1e9);
                  }
                }
              },
              "bench-snapshotter");
      Histogram during = new Histogram(60_000_000_000L, 3);
      Histogram outside = new Histogram(60_000_000_000L, 3);
      long[] refused = {0, 0};
      long start = System.nanoTime();
      snapshotter.start();
      for (int i = 0; i < batches; i++) {
        long due = start + (long) (i * BATCH / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        boolean overlapped = snapshotting.get();
        boolean wasRefused = false;
        while (true) {
          try {
            e.ingest(bodies.get(i));
            break;
          } catch (BackpressureException x) {
            wasRefused = true;
            overlapped |= snapshotting.get();
            LockSupport.parkNanos(1_000_000);
          }
        }
        overlapped |= snapshotting.get();
        long latency = Math.max(0, System.nanoTime() - due);
        (overlapped ? during : outside).recordValue(Math.min(latency, 59_999_999_999L));
        if (wasRefused) {
          refused[overlapped ? 0 : 1]++;
        }
      }
      stop.set(true);
      snapshotter.join();
      double mean =
          durations.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double pauseMax =
          meters.get("mercato.snapshot.ingest.pause").timer().max(TimeUnit.MILLISECONDS);
      LoadRow row =
          new LoadRow(
              rate,
              durations.size(),
              mean,
              pauseMax,
              latency(during, refused[0]),
              latency(outside, refused[1]));
      log.printf(
          "  ingest at %,.0f events/s (batches of %d) over %,d events of state, %d snapshots of %.2f s on average,"
              + " each holding the ingest lock at most %.1f ms:%n",
          rate, BATCH, e.status().lastSequence(), durations.size(), mean, pauseMax);
      log.printf(
          "    overlapping a snapshot: %,d batches, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d refused%n",
          row.during().batches(),
          row.during().p50(),
          row.during().p99(),
          row.during().max(),
          row.during().refused());
      log.printf(
          "    otherwise:              %,d batches, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d refused%n",
          row.outside().batches(),
          row.outside().p50(),
          row.outside().p99(),
          row.outside().max(),
          row.outside().refused());
      return row;
    } finally {
      e.close();
    }
  }

  private static Latency latency(Histogram h, long refused) {
    return new Latency(
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6,
        refused);
  }
}
