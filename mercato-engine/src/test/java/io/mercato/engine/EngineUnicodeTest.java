package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.text.InvalidUnicodeException;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 1 at the engine: an event the journal cannot carry unchanged (validation refuses it;
 * this is the guard behind validation) fails the call with nothing of the batch recorded, and
 * nothing reserved.
 */
class EngineUnicodeTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));
  @TempDir Path dir;
  Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  Engine start(int queueCapacity) {
    EngineConfig d = EngineConfig.defaults(dir);
    engine =
        Engine.start(
            new EngineConfig(
                dir,
                2,
                queueCapacity,
                new JournalConfig(8192, FsyncPolicy.GROUP, Duration.ofMillis(5), Duration.ZERO),
                new SnapshotConfig(Duration.ofHours(1), 2),
                d.dedup(),
                d.limits(),
                d.stats(),
                d.sampling(),
                d.profile()),
            CLOCK,
            new SimpleMeterRegistry());
    assertThat(engine.awaitReady(Duration.ofSeconds(30))).isTrue();
    return engine;
  }

  static Event ev(String id, String user, String item) {
    return new Event(id, false, "view", user, item, null, null, null, null, 1_000L, Map.of());
  }

  @Test
  void aBatchWithAnUnencodableEventRecordsNothing() {
    Engine e = start(4);
    for (int i = 0;
        i < 20;
        i++) { // more batches than the queues hold: reservations must be released
      int n = i;
      assertThatThrownBy(
              () ->
                  e.ingest(List.of(ev("ok-" + n, "u-1", "p-1"), ev("bad-" + n, "u-2", "p-\uD800"))))
          .isInstanceOf(InvalidUnicodeException.class);
    }
    assertThat(e.countsByType()).isEmpty();
    // the valid event was neither journaled nor marked as seen: it is accepted now, once
    assertThat(e.ingest(List.of(ev("ok-0", "u-1", "p-1")))).isEqualTo(new IngestResult(1, 0));
    assertThat(e.countsByType()).isEqualTo(Map.of("view", 1L));
    assertThat(e.status().state()).isEqualTo(EngineStatus.State.READY);
  }

  @Test
  void theSnapshotOfEverythingAcceptedIsWrittenAndReadBack() {
    Engine e = start(1000);
    e.ingest(List.of(ev("e-1", "u-é", "p-😀"), ev("e-2", "u-中", "p-x?")));
    e.close();
    engine = null;
    Engine again = start(1000);
    assertThat(again.countsByType()).isEqualTo(Map.of("view", 2L));
    assertThat(again.profile("u-é")).isPresent();
    assertThat(again.profile("u-中").orElseThrow().recentItems().get(0).itemId()).isEqualTo("p-x?");
  }
}
