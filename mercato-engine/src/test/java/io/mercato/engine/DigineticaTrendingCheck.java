package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.state.GlobalAggregates;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.core.time.Window;
import io.mercato.core.trending.TopItems;
import io.mercato.core.trending.TrendingCounts;
import io.mercato.core.trending.TrendingRanker;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trending on a real long-tailed log: the DIGINETICA sample (CIKM Cup 2016 item views, licensed, never
 * copied into the repository) through the embedded engine, and through the cluster runtime's answer
 * (its sketch's candidates looked up in the item states the Flink job would keep), against counts
 * computed here by brute force from the file. Not part of the suite (its name does not end in
 * {@code Test}, so surefire leaves it out: the data is not in the repository nor in CI); run it with
 * <pre>
 * ./mvnw -B -ntp -pl mercato-engine -am test -Dtest=DigineticaTrendingCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmercato.diginetica=/path/to/shared/data/diginetica-sample/sample_train-item-views.csv
 * </pre>
 * (an absolute path: a relative one is resolved against {@code mercato-engine/}); it fails, it does not
 * skip, when the file is not there. Each row ({@code session_id;user_id;item_id;timeframe;eventdate}) becomes a view
 * by the session at {@code eventdate} 00:00 UTC plus {@code timeframe} milliseconds; the views are
 * ingested in time order (issue 11 is about unsorted replays, not this).
 */
class DigineticaTrendingCheck {
  @TempDir Path dir;

  static List<Event> read(Path file) throws IOException {
    assertThat(file)
        .as("the DIGINETICA sample: pass its path with -Dmercato.diginetica=...")
        .isRegularFile();
    List<Event> events = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("session_id;user_id;item_id;timeframe;eventdate");
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(";");
      long t =
          LocalDate.parse(f[4]).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
              + Long.parseLong(f[3]);
      events.add(
          new Event(
              "dg-" + i, false, "view", "s" + f[0], f[2], null, null, null, null, t, Map.of()));
    }
    events.sort(Comparator.comparingLong(Event::timestampMillis));
    return events;
  }

  static Map<String, Long> counts(List<Event> events, Window w, long now) {
    Map<String, Long> counts = new HashMap<>();
    for (Event e : events) {
      if (w.covers(e.timestampMillis(), now)) {
        counts.merge(e.itemId(), 1L, Long::sum);
      }
    }
    return counts;
  }

  static List<TopItems.ItemCount> top(Map<String, Long> counts, int n) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new TopItems.ItemCount(e.getKey(), e.getValue()))
        .toList();
  }

  @Test
  void trendingOfTheRealLogEqualsBruteForceCounts() throws IOException {
    List<Event> events =
        read(
            Path.of(
                Objects.requireNonNull(
                    System.getProperty("mercato.diginetica"),
                    "pass the DIGINETICA sample's path with -Dmercato.diginetica=...")));
    long newest = events.get(events.size() - 1).timestampMillis();
    EngineConfig d = EngineConfig.defaults(dir);
    EngineConfig c =
        new EngineConfig(
            dir,
            2,
            100_000,
            new JournalConfig(8 << 20, FsyncPolicy.NEVER, Duration.ofMillis(5), Duration.ZERO),
            new SnapshotConfig(Duration.ofHours(1), 2),
            d.dedup(),
            d.limits(),
            d.stats(),
            d.sampling(),
            d.profile());
    try (Engine engine =
        Engine.start(
            c,
            InstantSource.fixed(Instant.ofEpochMilli(newest).plusSeconds(1)),
            new SimpleMeterRegistry())) {
      assertThat(engine.awaitReady(Duration.ofSeconds(30))).isTrue();
      IngestResult r = engine.ingest(events);
      assertThat(r.accepted() + r.duplicates() + r.tooLate().size()).isEqualTo(events.size());
      List<Event> counted = new ArrayList<>(events);
      for (int i = r.tooLate().size() - 1; i >= 0; i--) {
        counted.remove((int) r.tooLate().get(i));
      }
      long now = engine.streamTime();
      assertThat(now).isEqualTo(newest);

      KeyedAggregates layout = new KeyedAggregates(engine.windows(), List.of(), d.profile(), 4);
      Map<StateKey, Aggregate<?>> cluster = new HashMap<>();
      for (Event e : counted) {
        for (StateKey k : layout.keysOf(e)) {
          if (k.kind() == StateKind.ITEM || k.kind() == StateKind.GLOBAL) {
            cluster.computeIfAbsent(k, layout::create).apply(e);
          }
        }
      }
      GlobalAggregates global = new GlobalAggregates(engine.windows());
      layout.globalKeys().forEach(k -> global.merge((GlobalAggregates) cluster.get(k)));

      for (Window w : engine.windows().all()) {
        Map<String, Long> all = counts(counted, w, now);
        List<TopItems.ItemCount> truth = top(all, 10);
        TopItems embedded = engine.topItems(null, w, now, 10);
        assertThat(embedded.exact()).as(w.name()).isTrue();
        assertThat(embedded.items()).as("%s: the embedded answer", w.name()).isEqualTo(truth);

        TopItems clustered =
            TrendingRanker.rank(
                global.trending().candidates(w, now),
                10,
                items ->
                    items.stream()
                        .mapToLong(
                            i ->
                                TrendingCounts.of(
                                    (KeyState) cluster.get(new StateKey(StateKind.ITEM, i)),
                                    null,
                                    w,
                                    now))
                        .toArray(),
                TrendingRanker.DEFAULT_MAX_LOOKUPS);
        long overlap = clustered.items().stream().filter(truth::contains).count();
        System.out.printf(
            "%s: top %s; cluster answer %s (max error %d), %d of the true top 10%n",
            w.name(),
            truth.isEmpty() ? "-" : truth.get(0),
            clustered.exact() ? "exact" : "approximate",
            clustered.maxError(),
            overlap);
        clustered
            .items()
            .forEach(
                x ->
                    assertThat(x.count())
                        .as("%s: count of %s", w.name(), x.itemId())
                        .isEqualTo(all.get(x.itemId())));
        if (clustered.exact()) {
          assertThat(clustered.items())
              .as("%s: the cluster's exact answer", w.name())
              .isEqualTo(truth);
        }
        for (TopItems.ItemCount t : truth) {
          if (!clustered.items().contains(t)) {
            assertThat(t.count())
                .as("%s: %s missed within the bound", w.name(), t)
                .isLessThanOrEqualTo(clustered.maxError());
          }
        }
      }
    }
  }
}
