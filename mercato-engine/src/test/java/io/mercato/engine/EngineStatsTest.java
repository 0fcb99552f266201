package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.runtime.Scope;
import io.mercato.core.runtime.ScopeStats;
import io.mercato.core.time.Window;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.synthetic.SyntheticTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's statistics: late events, sampling, scopes, and exact recovery of every aggregate. */
class EngineStatsTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  static final InstantSource CLOCK = InstantSource.fixed(T0.plus(Duration.ofDays(1)));
  @TempDir Path dir;
  final List<Engine> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(Engine::close);
  }

  EngineConfig config(SamplingConfig sampling) {
    EngineConfig d = EngineConfig.defaults(dir);
    return new EngineConfig(
        dir,
        2,
        1_000_000,
        new JournalConfig(1 << 20, FsyncPolicy.GROUP, Duration.ofMillis(5), Duration.ZERO),
        new SnapshotConfig(Duration.ofHours(1), 2),
        d.dedup(),
        d.limits(),
        d.stats(),
        sampling,
        d.profile());
  }

  Engine start(EngineConfig c) {
    Engine e = Engine.start(c, CLOCK, new SimpleMeterRegistry());
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).isTrue();
    return e;
  }

  static Event ev(String id, String type, String user, long ts) {
    return new Event(
        id,
        false,
        type,
        user,
        "p-1",
        null,
        "spring",
        "sports",
        null,
        ts,
        Map.of("placement", "home"));
  }

  @Test
  void eventOlderThanLongestWindowPlusLatenessIsReportedTooLate() {
    Engine e = start(config(SamplingConfig.defaults()));
    long now = T0.toEpochMilli();
    long limit = now - Duration.ofDays(7).plusMinutes(10).toMillis();
    IngestResult r =
        e.ingest(
            List.of(
                ev("a", "view", "u1", now),
                ev("b", "view", "u1", limit - 1),
                ev("c", "view", "u1", limit)));
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.tooLate()).containsExactly(1);
    assertThat(e.countsByType()).containsEntry("view", 2L);
  }

  @Test
  void sampledOutEventsAreAcknowledgedButNotStored() {
    Engine e = start(config(new SamplingConfig("view=0.0", 100)));
    IngestResult r =
        e.ingest(
            List.of(
                ev("a", "view", "u1", T0.toEpochMilli()),
                ev("b", "click", "u1", T0.toEpochMilli())));
    assertThat(r).isEqualTo(new IngestResult(1, 0, 1, List.of()));
    assertThat(e.countsByType()).isEqualTo(Map.of("click", 1L));
  }

  @Test
  void scopesCountTheirOwnEventsAndCompositeKeysJoinFields() {
    Engine e = start(config(SamplingConfig.defaults()));
    long t = T0.toEpochMilli();
    e.ingest(
        List.of(ev("a", "view", "u1", t), ev("b", "click", "u2", t), ev("c", "view", "u3", t)));
    var w = e.windows().byName("10m");
    ScopeStats item = e.scopeStats(Scope.ITEM, "p-1").orElseThrow();
    assertThat(item.counts().counts(w, e.streamTime())).isEqualTo(Map.of("click", 1L, "view", 2L));
    assertThat(item.distinct().estimate(w, e.streamTime())).isEqualTo(3);
    assertThat(e.scopeStats(Scope.USER, "u2").orElseThrow().counts().counts(w, e.streamTime()))
        .isEqualTo(Map.of("click", 1L));
    assertThat(e.scopeStats(Scope.ITEM, "nope")).isEmpty();
    assertThat(
            e.compositeCounts("campaign_id+category", "spring|sports")
                .orElseThrow()
                .count("view", w, e.streamTime()))
        .isEqualTo(2);
    assertThat(e.compositeCounts("ad_id+attributes.placement", "x|home")).isEmpty();
  }

  /**
   * A seeded stream with duplicates, out-of-order events within the lateness, events later than
   * that but still retained, and events too late to count: every window of the global, item and
   * composite scopes equals a brute-force count over the events a reference model accepts.
   */
  @Test
  void countsEqualABruteForceReferenceWithDuplicatesLateAndOutOfOrderEvents() {
    Engine e = start(config(SamplingConfig.defaults()));
    SplittableRandom rnd = new SplittableRandom(42);
    var windows = e.windows();
    List<Event> accepted = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long newest = Long.MIN_VALUE;
    long base = T0.toEpochMilli() - Duration.ofDays(2).toMillis();
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      long ts = base + i * 20_000L;
      double r = rnd.nextDouble();
      if (r < 0.2) {
        ts -= rnd.nextLong(Duration.ofMinutes(10).toMillis()); // out of order within the lateness
      } else if (r < 0.25) {
        ts -=
            rnd.nextLong(Duration.ofHours(3).toMillis()); // later than the lateness, still retained
      } else if (r < 0.27) {
        ts -= Duration.ofDays(9).toMillis(); // too late
      }
      String id =
          r > 0.95 && !all.isEmpty() ? all.get(rnd.nextInt(all.size())).eventId() : "ev-" + i;
      String type = List.of("view", "click", "purchase", "impression").get(rnd.nextInt(4));
      Event ev =
          new Event(
              id,
              false,
              type,
              "u" + rnd.nextInt(50),
              "p" + rnd.nextInt(20),
              null,
              "c" + rnd.nextInt(3),
              "k" + rnd.nextInt(4),
              null,
              ts,
              Map.of());
      all.add(ev);
    }
    for (int b = 0; b < all.size(); b += 100) {
      List<Event> batch = all.subList(b, b + 100);
      IngestResult result = e.ingest(batch);
      int acceptedBefore = accepted.size();
      for (Event ev : batch) { // the reference: too late first, then dedup, as documented
        if (windows.tooLate(ev.timestampMillis(), newest) || !seen.add(ev.eventId())) {
          continue;
        }
        accepted.add(ev);
        newest = Math.max(newest, ev.timestampMillis());
      }
      assertThat(result.accepted()).isEqualTo(accepted.size() - acceptedBefore);
    }
    long now = e.streamTime();
    assertThat(now).isEqualTo(newest);
    for (var w : windows.all()) {
      assertThat(e.scopeStats(Scope.GLOBAL, null).orElseThrow().counts().counts(w, now))
          .as("global %s", w.name())
          .isEqualTo(brute(accepted, w, now, ev -> true));
      for (int item = 0; item < 20; item++) {
        String key = "p" + item;
        Map<String, Long> expected = brute(accepted, w, now, ev -> ev.itemId().equals(key));
        assertThat(
                e.scopeStats(Scope.ITEM, key)
                    .map(st -> st.counts().counts(w, now))
                    .orElse(Map.of()))
            .as("item %s %s", key, w.name())
            .isEqualTo(expected);
      }
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 4; k++) {
          String key = "c" + c + "|k" + k;
          String campaign = "c" + c;
          String category = "k" + k;
          Map<String, Long> expected =
              brute(
                  accepted,
                  w,
                  now,
                  ev -> ev.campaignId().equals(campaign) && ev.category().equals(category));
          assertThat(
                  e.compositeCounts("campaign_id+category", key)
                      .map(x -> x.counts(w, now))
                      .orElse(Map.of()))
              .as("composite %s %s", key, w.name())
              .isEqualTo(expected);
        }
      }
    }
  }

  private static Map<String, Long> brute(
      List<Event> events, Window w, long now, Predicate<Event> inScope) {
    Map<String, Long> m = new TreeMap<>();
    for (Event ev : events) {
      if (inScope.test(ev) && w.covers(ev.timestampMillis(), now)) {
        m.merge(ev.type(), 1L, Long::sum);
      }
    }
    return m;
  }

  @Test
  void snapshotPlusJournalRecoveryRestoresEveryAggregate() throws Exception {
    Engine e = start(config(SamplingConfig.defaults()));
    SyntheticTraffic traffic =
        SyntheticTraffic.builder().seed(3).users(200).clock(InstantSource.fixed(T0)).build();
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      List<Event> batch = traffic.next(300);
      all.addAll(batch);
      e.ingest(batch);
      if (i == 5) {
        e.snapshot();
      }
    }
    String before = view(e, all);
    e.close();
    open.remove(e);
    Engine again = start(config(SamplingConfig.defaults()));
    assertThat(view(again, all)).as("from the final snapshot").isEqualTo(before);
    again.close();
    open.remove(again);
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Engine replayed = start(config(SamplingConfig.defaults()));
    assertThat(replayed.status().replayedEvents()).isEqualTo(3000);
    assertThat(view(replayed, all)).as("from the journal alone").isEqualTo(before);
  }

  /**
   * Every aggregate as seen through the read API, for every key the events touch: exact counts,
   * HLL estimates (a function of the registers only, so independent of order), KLL count/min/max
   * (its quantiles use an unseeded random compaction, so they are compared by the sketch tests
   * within their rank error instead), and the top trending items (the frequent-items sketch's tail
   * below its error threshold may differ after a serialization round trip, within its bounds).
   */
  private static String view(Engine e, List<Event> events) {
    StringBuilder sb = new StringBuilder();
    long now = e.streamTime();
    BiConsumer<Scope, String> scope =
        (sc, key) ->
            e.scopeStats(sc, key)
                .ifPresent(
                    st -> {
                      for (var w : e.windows().all()) {
                        sb.append(sc)
                            .append(':')
                            .append(key)
                            .append(':')
                            .append(w.name())
                            .append(' ')
                            .append(st.counts().counts(w, now));
                        if (st.distinct() != null) {
                          sb.append(" distinct=").append(st.distinct().estimate(w, now));
                        }
                        sb.append('\n');
                      }
                      if (st.values() != null) {
                        sb.append(sc)
                            .append(':')
                            .append(key)
                            .append(" values n=")
                            .append(st.values().count())
                            .append(" min=")
                            .append(st.values().min())
                            .append(" max=")
                            .append(st.values().max())
                            .append('\n');
                      }
                    });
    scope.accept(Scope.GLOBAL, null);
    new TreeSet<>(events.stream().map(Event::userId).toList())
        .forEach(k -> scope.accept(Scope.USER, k));
    new TreeSet<>(events.stream().map(Event::itemId).filter(Objects::nonNull).toList())
        .forEach(k -> scope.accept(Scope.ITEM, k));
    new TreeSet<>(events.stream().map(Event::category).filter(Objects::nonNull).toList())
        .forEach(
            k -> {
              scope.accept(Scope.CATEGORY, k);
              sb.append("trending ")
                  .append(k)
                  .append(e.topItems(k, e.windows().byName("1h"), now, 3))
                  .append('\n');
            });
    new TreeSet<>(events.stream().map(Event::campaignId).filter(Objects::nonNull).toList())
        .forEach(k -> scope.accept(Scope.CAMPAIGN, k));
    new TreeSet<>(events.stream().map(Event::adId).filter(Objects::nonNull).toList())
        .forEach(k -> scope.accept(Scope.AD, k));
    sb.append("trending ").append(e.topItems(null, e.windows().byName("10m"), now, 3));
    sb.append(e.countsByType());
    return sb.toString();
  }
}
