package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.ScoredItem;
import io.mercato.core.reco.Strategy;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recommendations through the embedded engine: read-your-writes, snapshot and journal recovery. */
class EngineRecommendationsTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));
  static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  @TempDir Path dir;
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
            new JournalConfig(1 << 16, FsyncPolicy.GROUP, Duration.ofMillis(2), Duration.ZERO),
            new SnapshotConfig(Duration.ofHours(1), 2),
            d.dedup(),
            d.limits(),
            d.stats(),
            d.sampling(),
            d.profile());
    Engine e = Engine.start(c, CLOCK, new SimpleMeterRegistry());
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  void stop(Engine e) {
    e.close();
    open.remove(e);
  }

  static int seq;

  static Event ev(String type, String user, String item, String category, long t) {
    return new Event(
        "e" + (seq++), false, type, user, item, null, null, category, null, t, Map.of());
  }

  /** Four clusters of users, each viewing items of its own category. */
  static List<Event> clustered(long seed) {
    Random r = new Random(seed);
    List<Event> out = new ArrayList<>();
    long t = T0;
    for (int u = 0; u < 80; u++) {
      int c = u % 4;
      for (int k = 0; k < 8; k++) {
        out.add(ev("view", "u" + u, "c" + c + "-" + r.nextInt(15), "cat" + c, t += 100));
      }
    }
    return out;
  }

  static List<String> ids(RecoResult r) {
    return r.items().stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void aNewInteractionChangesTheVeryNextAnswer() {
    Engine e = start();
    e.ingest(clustered(1));
    RecoResult before = e.recommend("newbie", Strategy.AUTO, new RecoRequest(5, null, true, true));
    assertThat(before.used()).isEqualTo("popular");
    e.ingest(List.of(ev("click", "newbie", "c2-3", "cat2", T0 + 1_000_000)));
    RecoResult after = e.recommend("newbie", Strategy.AUTO, new RecoRequest(5, null, true, true));
    assertThat(after.used()).isEqualTo("item_cf");
    assertThat(ids(after)).isNotEmpty().allMatch(i -> i.startsWith("c2-")).doesNotContain("c2-3");
    assertThat(after.items().get(0).reasons()).containsExactly("similar to c2-3 you clicked");
  }

  @Test
  void nonInteractionEventsDoNotReachTheRecommenders() {
    Engine e = start();
    e.ingest(List.of(ev("impression", "u", "x", null, T0), ev("view", "u", null, null, T0)));
    assertThat(e.recoState().users()).isZero();
    assertThat(e.recoState().items()).isZero();
  }

  @Test
  void recommendationStateSurvivesSnapshotAndJournalReplay() {
    Engine e = start();
    List<Event> events = clustered(2);
    e.ingest(events.subList(0, 400));
    e.snapshot();
    e.ingest(events.subList(400, events.size())); // the journal tail
    List<RecoResult> expected = answers(e);
    assertThat(expected.get(0).items()).isNotEmpty();
    // simulate a crash: copy the data dir while the engine runs? Closing writes a snapshot, so
    // replay
    // is exercised by deleting the newest snapshot afterwards.
    stop(e);
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      List<Path> snaps = s.sorted().toList();
      assertThat(snaps).hasSizeGreaterThanOrEqualTo(2);
      for (Path p : snaps.subList(1, snaps.size())) {
        Files.delete(p); // keep only the mid-stream snapshot: the rest comes from the journal
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    Engine back = start();
    assertThat(answers(back)).isEqualTo(expected);
    stop(back);
    Engine again = start(); // from the final snapshot only
    assertThat(answers(again)).isEqualTo(expected);
  }

  private static List<RecoResult> answers(Engine e) {
    List<RecoResult> out = new ArrayList<>();
    for (Strategy s :
        List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO)) {
      for (String u : List.of("u1", "u6", "u77")) {
        out.add(e.recommend(u, s, new RecoRequest(10, null, true, true)));
      }
    }
    out.add(e.rank("u1", List.of("c1-1", "c1-2", "c3-3", "zz"), Strategy.ITEM_CF, true));
    return out;
  }

  @Test
  void alsTrainsFromTheJournalServesFoldsInNewUsersAndSurvivesARestart() {
    Engine e = start();
    e.ingest(clustered(4));
    RecoResult none = e.recommend("u1", Strategy.ALS, new RecoRequest(5, null, true, false));
    assertThat(none.used()).as("no model yet: popular").isEqualTo("popular");
    assertThat(e.alsStatus().modelVersion()).isNull();
    AlsStatus trained = e.trainAls().join();
    assertThat(trained.modelVersion()).startsWith("als-");
    assertThat(trained.users()).isEqualTo(80);
    assertThat(trained.interactions()).isPositive();
    RecoResult r = e.recommend("u1", Strategy.ALS, new RecoRequest(5, null, true, true));
    assertThat(r.used()).isEqualTo("als");
    assertThat(r.modelVersion()).isEqualTo(trained.modelVersion());
    assertThat(ids(r)).hasSize(5).allMatch(i -> i.startsWith("c1-"));
    // a user unseen at training time is folded in from live interactions
    e.ingest(
        List.of(
            ev("view", "late", "c3-1", "cat3", T0 + 500_000),
            ev("view", "late", "c3-2", "cat3", T0 + 500_001)));
    RecoResult late = e.recommend("late", Strategy.ALS, new RecoRequest(3, null, true, true));
    assertThat(late.used()).isEqualTo("als");
    assertThat(ids(late)).allMatch(i -> i.startsWith("c3-"));
    assertThat(late.items().get(0).reasons().get(0))
        .startsWith("fits the taste of your recent interactions");
    assertThat(
            e.recommend("u1", Strategy.AUTO, new RecoRequest(5, null, true, false)).modelVersion())
        .isEqualTo("live+" + trained.modelVersion());
    stop(e);
    Engine back = start();
    assertThat(back.alsStatus().modelVersion()).isEqualTo(trained.modelVersion());
    assertThat(ids(back.recommend("u1", Strategy.ALS, new RecoRequest(5, null, true, false))))
        .isEqualTo(ids(r));
  }

  /**
   * Closing during a training run waits for it to stop, and nothing is written into the data
   * directory afterwards (it used to keep training and save its model after the engine had released
   * the directory, which another engine may then own).
   */
  @Test
  void closeWaitsForATrainingRunAndNothingIsWrittenAfterIt() throws Exception {
    Engine e = start();
    Random r = new Random(9);
    List<Event> many = new ArrayList<>();
    for (int u = 0; u < 3_000; u++) {
      for (int k = 0; k < 20; k++) {
        many.add(ev("view", "w" + u, "i" + r.nextInt(2_000), "cat", T0 + many.size()));
      }
    }
    for (int i = 0; i < many.size(); i += 5_000) {
      e.ingest(many.subList(i, Math.min(many.size(), i + 5_000)));
    }
    CompletableFuture<AlsStatus> run = e.trainAls();
    stop(e);
    assertThat(run)
        .as("the training run has ended (saved or abandoned) when close returns")
        .isDone();
    Path models = dir.resolve("models");
    List<String> before = listing(models);
    Thread.sleep(300);
    assertThat(listing(models))
        .as("nothing written after close")
        .isEqualTo(before)
        .noneMatch(f -> f.endsWith(".tmp"));
  }

  private static List<String> listing(Path d) throws IOException {
    if (!Files.exists(d)) {
      return List.of();
    }
    try (var files = Files.list(d)) {
      return files
          .map(f -> f.getFileName() + ":" + f.toFile().length() + ":" + f.toFile().lastModified())
          .sorted()
          .toList();
    }
  }

  @Test
  void unavailableItemsFromTheItemInfoAreNeverRecommended() {
    Engine e = start();
    e.ingest(clustered(3));
    List<String> before =
        ids(e.recommend("u1", Strategy.ITEM_CF, new RecoRequest(5, null, true, false)));
    String banned = before.get(0);
    e.setItemInfo(
        new ItemInfo() {
          @Override
          public boolean available(String itemId) {
            return !itemId.equals(banned);
          }

          @Override
          public String category(String itemId) {
            return null;
          }
        });
    for (Strategy s :
        List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO)) {
      assertThat(ids(e.recommend("u1", s, new RecoRequest(20, null, false, false))))
          .doesNotContain(banned);
    }
    assertThat(e.similarItems(before.get(1), 50))
        .extracting(x -> x.itemId())
        .doesNotContain(banned);
  }
}
