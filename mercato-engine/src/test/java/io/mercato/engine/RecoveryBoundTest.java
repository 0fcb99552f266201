package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 9: snapshots were only taken every minute, so a process that kept dying replayed
 * the whole journal each time. Snapshots now also follow the journal's length, including right after
 * a recovery that replayed a long tail, and recovery reports its progress.
 */
class RecoveryBoundTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));
  @TempDir Path dir;
  final List<Engine> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(Engine::close);
  }

  /**
   * An hour between periodic snapshots: every snapshot in these tests is the length trigger's. Segments
   * are kept a week after a snapshot covers them, so deleting the snapshots leaves the whole journal.
   */
  EngineConfig config(long maxRecords, long maxBytes, int capacity) {
    EngineConfig d = EngineConfig.defaults(dir);
    return new EngineConfig(
        dir,
        2,
        capacity,
        new JournalConfig(64 * 1024, FsyncPolicy.GROUP, Duration.ofMillis(5), Duration.ofDays(7)),
        new SnapshotConfig(Duration.ofHours(1), 2, maxRecords, maxBytes),
        d.dedup(),
        d.limits(),
        d.stats(),
        d.sampling(),
        d.profile());
  }

  Engine start(EngineConfig c) {
    Engine e = Engine.start(c, CLOCK, new SimpleMeterRegistry());
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(60))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  /** Closes {@code e} and deletes its snapshots: on disk what a crash before any snapshot leaves. */
  void crash(Engine e) throws IOException {
    e.close();
    open.remove(e);
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
  }

  static List<Event> batch(int from, int n) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(
          new Event(
              "e-" + i,
              false,
              i % 3 == 0 ? "click" : "view",
              "u-" + (i % 97),
              "p-" + (i % 13),
              null,
              null,
              null,
              null,
              1_000L + i,
              Map.of()));
    }
    return out;
  }

  /** Waits (at most a minute) for a snapshot taken in the background; a state check, not a timing one. */
  static void await(BooleanSupplier condition, Engine e) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(() -> "still waiting: " + e.status()).isTrue();
      Thread.sleep(10);
    }
  }

  @Test
  void theJournalIsSnapshottedByLengthWithoutWaitingForTheInterval() throws InterruptedException {
    Engine e = start(config(1_000, 0, 10_000));
    for (int i = 0; i < 2_500; i += 100) {
      e.ingest(batch(i, 100));
    }
    await(() -> e.status().snapshotSequence() >= 2_000, e);
    assertThat(e.status().lastSequence() - e.status().snapshotSequence()).isLessThan(1_000);
  }

  @Test
  void theByteLimitTriggersASnapshotToo() throws InterruptedException {
    Engine e = start(config(0, 8 * 1024, 10_000));
    e.ingest(batch(0, 400)); // tens of bytes a record, and a 16-byte header
    await(() -> e.status().snapshotSequence() == 400, e);
  }

  @Test
  void aRecoveryThatReplayedALongTailSnapshotsAtOnceSoACrashLoopReplaysItOnlyOnce()
      throws Exception {
    Engine first = start(config(0, 0, 10_000)); // no length trigger: the old behaviour
    for (int i = 0; i < 3_000; i += 100) {
      first.ingest(batch(i, 100));
    }
    Map<String, Long> counts = first.countsByType();
    crash(first);

    Engine second = start(config(1_000, 0, 10_000));
    assertThat(second.status().replayedEvents()).isEqualTo(3_000);
    RecoveryStatus r = second.status().recovery();
    assertThat(r.phase()).isEqualTo(RecoveryStatus.Phase.DONE);
    assertThat(r.replayed()).isEqualTo(3_000);
    assertThat(r.toReplay()).isEqualTo(3_000);
    assertThat(r.replayFraction()).isEqualTo(1.0);
    assertThat(second.countsByType()).isEqualTo(counts);
    // Nothing was ingested since the start, yet the replayed tail is snapshotted at once ...
    await(() -> second.status().snapshotSequence() == 3_000, second);
    second.ingest(batch(3_000, 200));
    second.close();
    open.remove(second);
    Files.delete(
        newestSnapshot()); // ... so a crash now finds it: the final snapshot of close() is dropped
    Engine third = start(config(1_000, 0, 10_000));
    assertThat(third.status().snapshotSequence()).isEqualTo(3_000);
    assertThat(third.status().replayedEvents())
        .as("only what came after the last snapshot")
        .isEqualTo(200);
    assertThat(third.countsByType().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3_200);
  }

  private Path newestSnapshot() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".bin"))
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  @Test
  void theReplayWaitsForRoomInTinyShardQueues() throws IOException {
    Engine first = start(config(0, 0, 1_000));
    for (int i = 0; i < 1_000; i += 100) {
      first.ingest(batch(i, 100));
    }
    Map<String, Long> counts = first.countsByType();
    crash(first);
    Engine again =
        start(config(0, 0, 1)); // one event of room per shard and for the recommendations
    assertThat(again.status().replayedEvents()).isEqualTo(1_000);
    assertThat(again.countsByType()).isEqualTo(counts);
    assertThat(again.recoState().users()).isEqualTo(97);
  }
}
