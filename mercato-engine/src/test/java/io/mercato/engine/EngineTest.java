package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.core.runtime.IngestResult;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));
  @TempDir Path dir;
  final List<Engine> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(Engine::close);
  }

  EngineConfig config(int shards, int capacity) {
    EngineConfig d = EngineConfig.defaults(dir);
    return new EngineConfig(
        dir,
        shards,
        capacity,
        new JournalConfig(8192, FsyncPolicy.GROUP, Duration.ofMillis(5), Duration.ZERO),
        new SnapshotConfig(Duration.ofHours(1), 2),
        d.dedup(),
        d.limits(),
        d.stats(),
        d.sampling(),
        d.profile());
  }

  Engine start(EngineConfig c) {
    Engine e = Engine.start(c, CLOCK, new SimpleMeterRegistry());
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  void restart(Engine e) {
    e.close();
    open.remove(e);
  }

  static Event ev(String id, String type, String user) {
    return new Event(id, false, type, user, null, null, null, null, null, 1000L, Map.of());
  }

  static List<Event> batch(int from, int n) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(ev("e-" + i, i % 3 == 0 ? "click" : "view", "u-" + (i % 17)));
    }
    return out;
  }

  @Test
  void acceptedEventsAreCountedByType() {
    Engine e = start(config(2, 1000));
    IngestResult r = e.ingest(batch(0, 30));
    assertThat(r).isEqualTo(new IngestResult(30, 0));
    assertThat(e.countsByType()).isEqualTo(Map.of("click", 10L, "view", 20L));
  }

  @Test
  void duplicateEventIdCountsOnceWithinAndAcrossBatches() {
    Engine e = start(config(2, 1000));
    List<Event> b = new ArrayList<>(batch(0, 5));
    b.add(ev("e-0", "click", "u-0")); // repeat inside the batch
    assertThat(e.ingest(b)).isEqualTo(new IngestResult(5, 1));
    assertThat(e.ingest(batch(3, 4))).isEqualTo(new IngestResult(2, 2));
    assertThat(e.countsByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
  }

  @Test
  void generatedIdsAreNeverDuplicates() {
    Engine e = start(config(1, 1000));
    Event a = new Event("x", true, "view", "u", null, null, null, null, null, 1, Map.of());
    assertThat(e.ingest(List.of(a, a))).isEqualTo(new IngestResult(2, 0));
  }

  @Test
  void duplicatesAreRecognisedAfterACleanRestart() {
    Engine e = start(config(2, 1000));
    e.ingest(batch(0, 50));
    restart(e);
    Engine again = start(config(2, 1000));
    assertThat(again.ingest(batch(40, 20))).isEqualTo(new IngestResult(10, 10));
    assertThat(again.countsByType().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(60);
  }

  @Test
  void stateAndDedupAreRebuiltFromTheJournalAlone() throws IOException {
    Engine e = start(config(2, 1000));
    e.ingest(batch(0, 100));
    Map<String, Long> before = e.countsByType();
    restart(e);
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Engine again = start(config(2, 1000));
    assertThat(again.status().replayedEvents()).isEqualTo(100);
    assertThat(again.countsByType()).isEqualTo(before);
    assertThat(again.ingest(batch(0, 100)).duplicates()).isEqualTo(100);
  }

  @Test
  void snapshotPlusJournalTailRestoresExactly() {
    Engine e = start(config(2, 1000));
    e.ingest(batch(0, 40));
    long covered = e.snapshot();
    e.ingest(batch(40, 25));
    Map<String, Long> before = e.countsByType();
    assertThat(covered).isEqualTo(40);
    restart(e); // writes a final snapshot at 65
    Engine again = start(config(2, 1000));
    assertThat(again.countsByType()).isEqualTo(before);
    assertThat(again.status().snapshotSequence()).isEqualTo(65);
  }

  @Test
  void changingTheShardCountKeepsTotals() {
    Engine e = start(config(3, 1000));
    e.ingest(batch(0, 90));
    Map<String, Long> before = e.countsByType();
    restart(e);
    Engine again = start(config(2, 1000));
    assertThat(again.countsByType()).isEqualTo(before);
  }

  @Test
  void tornJournalTailIsTruncatedAndStartupSucceeds() throws IOException {
    Engine e = start(config(1, 1000));
    e.ingest(batch(0, 10));
    restart(e);
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Path last;
    try (Stream<Path> s = Files.list(dir.resolve("journal"))) {
      last = s.sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.write(
        last, new byte[] {0, 0, 0, 42, 1, 2, 3}, StandardOpenOption.APPEND); // half a record
    Engine again = start(config(1, 1000));
    assertThat(again.countsByType().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(10);
    assertThat(again.ingest(batch(10, 1))).isEqualTo(new IngestResult(1, 0));
  }

  @Test
  void fullShardQueueRefusesTheWholeBatchAndRecordsNothing() {
    Engine e = start(config(1, 10));
    assertThatThrownBy(() -> e.ingest(batch(0, 11)))
        .isInstanceOfSatisfying(
            BackpressureException.class, ex -> assertThat(ex.retryAfter()).isPositive());
    assertThat(e.countsByType()).isEmpty();
    assertThat(e.status().lastSequence()).isZero();
    assertThat(e.ingest(batch(0, 10)).accepted())
        .as("the refused ids were not remembered")
        .isEqualTo(10);
  }

  @Test
  void journalSegmentsCoveredBySnapshotAreDeleted() throws IOException {
    Engine e = start(config(1, 100_000));
    for (int i = 0; i < 20; i++) {
      e.ingest(batch(i * 100, 100)); // ~6 KB per batch → several 8 KB segments
    }
    long before;
    try (Stream<Path> s = Files.list(dir.resolve("journal"))) {
      before = s.count();
    }
    e.snapshot();
    long after;
    try (Stream<Path> s = Files.list(dir.resolve("journal"))) {
      after = s.count();
    }
    assertThat(before).isGreaterThan(2);
    assertThat(after).isLessThan(before);
  }

  @Test
  void secondEngineOnTheSameDataDirIsRefused() {
    start(config(1, 100));
    assertThatThrownBy(() -> Engine.start(config(1, 100), CLOCK, new SimpleMeterRegistry()))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void ingestBeforeRecoveryOrAfterCloseIsRefused() {
    Engine e = start(config(1, 100));
    restart(e);
    assertThatThrownBy(() -> e.ingest(batch(0, 1)))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("closed");
  }
}
