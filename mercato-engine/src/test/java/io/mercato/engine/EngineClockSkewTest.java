package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.runtime.Scope;
import io.mercato.core.runtime.ScopeStats;
import io.mercato.core.time.Window;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client clock must not move everyone's "now": an event far ahead of its arrival counts at
 * {@code arrival + stats.max-lead} (1 minute by default), in every aggregate, and after a restart too.
 */
class EngineClockSkewTest {
  static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
  @TempDir Path dir;
  final ManualClock clock = new ManualClock(T);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<Engine> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(Engine::close);
  }

  Engine start() {
    EngineConfig d = EngineConfig.defaults(dir);
    EngineConfig c =
        new EngineConfig(
            dir,
            2,
            100_000,
            new JournalConfig(1 << 20, FsyncPolicy.GROUP, Duration.ofMillis(2), Duration.ZERO),
            new SnapshotConfig(Duration.ofHours(1), 2),
            d.dedup(),
            d.limits(),
            d.stats(),
            d.sampling(),
            d.profile());
    Engine e = Engine.start(c, clock, meters);
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  static Event view(String id, String user, String item, Instant t) {
    return new Event(
        id, false, "view", user, item, null, null, "sports", null, t.toEpochMilli(), Map.of());
  }

  /** Real traffic: 30 views over the 5 minutes before T, by 10 users on 3 items. */
  static List<Event> realTraffic() {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      out.add(view("real-" + i, "u" + (i % 10), "p-" + (i % 3), T.minusSeconds(300 - 10 * i)));
    }
    return out;
  }

  @Test
  void oneEventADayAheadDoesNotBlindTheShortWindowsOfRealTraffic() {
    Engine e = start();
    e.ingest(realTraffic());
    IngestResult r =
        e.ingest(List.of(view("fast-clock", "u-fast", "p-9", T.plus(Duration.ofHours(23)))));
    assertThat(r.accepted()).isEqualTo(1);

    assertThat(e.streamTime())
        .as("now moves to arrival + max-lead, not a day ahead")
        .isEqualTo(T.plus(Duration.ofMinutes(1)).toEpochMilli());
    long now = e.streamTime();
    Window tenMinutes = e.windows().byName("10m");
    Window hour = e.windows().byName("1h");
    ScopeStats global = e.scopeStats(Scope.GLOBAL, null).orElseThrow();
    assertThat(global.counts().count("view", tenMinutes, now))
        .as("real traffic and the skewed event")
        .isEqualTo(31);
    assertThat(global.counts().count("view", hour, now)).isEqualTo(31);
    assertThat(global.distinct().estimate(tenMinutes, now)).isEqualTo(11);
    ProfileView real = e.profile("u3").orElseThrow();
    assertThat(real.counts().get("10m").get("view")).as("a real user's profile").isEqualTo(3);
    assertThat(e.profile("u-fast").orElseThrow().lastSeenMillis()).isEqualTo(now);
    assertThat(e.topItems(null, tenMinutes, now, 10).items())
        .extracting(x -> x.itemId())
        .contains("p-0", "p-1", "p-2", "p-9");
    assertThat(meters.counter("mercato.events.clock.skewed").count()).isEqualTo(1);

    // A minute later, the next real events count in the 1m window.
    clock.advance(Duration.ofSeconds(40));
    e.ingest(List.of(view("real-next", "u1", "p-1", T.plusSeconds(40))));
    assertThat(
            e.scopeStats(Scope.GLOBAL, null)
                .orElseThrow()
                .counts()
                .count("view", e.windows().byName("1m"), e.streamTime()))
        .isEqualTo(2);
  }

  @Test
  void anEventWithinTheLeadOrInThePastCountsAtItsOwnTime() {
    Engine e = start();
    e.ingest(
        List.of(
            view("ahead", "u1", "p-1", T.plusSeconds(59)),
            view("past", "u1", "p-1", T.minusSeconds(3_600))));
    assertThat(e.streamTime()).isEqualTo(T.plusSeconds(59).toEpochMilli());
    assertThat(meters.counter("mercato.events.clock.skewed").count()).isZero();
  }

  @Test
  void replayCountsASkewedEventAtItsRecordedArrivalNotAtTheReplayClock() throws IOException {
    Engine e = start();
    e.ingest(realTraffic());
    e.ingest(List.of(view("fast-clock", "u-fast", "p-9", T.plus(Duration.ofHours(23)))));
    List<byte[]> before = e.stateBytes(true);
    e.close();
    open.remove(e);
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    clock.advance(
        Duration.ofHours(5)); // the restart happens later: arrival must come from the journal
    Engine again = start();
    assertThat(again.status().replayedEvents()).isEqualTo(31);
    assertThat(again.streamTime()).isEqualTo(T.plus(Duration.ofMinutes(1)).toEpochMilli());
    assertThat(again.stateBytes(true)).containsExactlyElementsOf(before);
  }
}
