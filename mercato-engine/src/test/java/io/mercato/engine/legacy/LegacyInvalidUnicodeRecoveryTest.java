package io.mercato.engine.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.profile.RecentItem;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.runtime.Scope;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13 item 1: data directories that the engine of {@code bc864af} wrote after accepting invalid
 * Unicode (see {@link LegacyDataDirGenerator}) load, after a clean stop ({@code stopped}) and after
 * {@code kill -9} ({@code killed}: a journal tail and a catalog change log beyond the snapshot).
 *
 * <p>That engine wrote every unpaired surrogate as {@code ?}, so distinct ids became one: the users
 * {@code u-\ud800}, {@code u-\udc00} and {@code u-?} are all {@code u-?} on disk. The original ids
 * cannot be recovered; the tolerant readers fold the entries of one {@code ?} id together (counts,
 * profiles and ledgers merge; of catalog entries the one read last wins; recommendation nodes whose
 * ids collided are forgotten), and the next snapshot is written in order, so the directory heals.
 */
class LegacyInvalidUnicodeRecoveryTest {
  @TempDir Path dir;
  Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  Engine start() {
    engine =
        Engine.start(
            LegacyDataDirGenerator.config(dir),
            InstantSource.fixed(LegacyDataDirGenerator.NOW),
            new SimpleMeterRegistry());
    engine.awaitReady(Duration.ofSeconds(60));
    return engine;
  }

  void copy(String variant) throws IOException, URISyntaxException {
    Path from = Path.of(getClass().getResource("/legacy-invalid-unicode/" + variant).toURI());
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = dir.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"stopped", "killed"})
  void loadsWithTheCollidedIdsFoldedTogether(String variant) throws Exception {
    copy(variant);
    Engine e = start();
    assertThat(e.status().state())
        .as(() -> e.status().toString())
        .isEqualTo(EngineStatus.State.READY);
    // every acknowledged event is there: 16 before the snapshot, 4 in the tail
    assertThat(e.countsByType())
        .isEqualTo(
            Map.of(
                "view",
                12L,
                "click",
                2L,
                "purchase",
                1L,
                "impression",
                1L,
                "ad_click",
                2L,
                "campaign_join",
                1L,
                "conversion",
                1L));

    // The profile that stopped the old engine: categories "b" and U+D800 (written "?") out of
    // order.
    ProfileView u1 = e.profile("u-1").orElseThrow();
    assertThat(u1.affinity().keySet()).containsExactlyInAnyOrder("a", "b", "c", "?", "??");
    List<String> recent = u1.recentItems().stream().map(RecentItem::itemId).toList();
    assertThat(recent).doesNotHaveDuplicates().contains("p-1", "p-2", "p-?", "p/q");

    // u-\ud800, u-\udc00 and u-? are one user now, with the events of all three.
    ProfileView merged = e.profile("u-?").orElseThrow();
    assertThat(merged.counts().get("24h"))
        .isEqualTo(Map.of("click", 1L, "purchase", 1L, "view", 2L));
    assertThat(counts(e, Scope.USER, "u-?"))
        .isEqualTo(Map.of("click", 1L, "purchase", 1L, "view", 2L));
    assertThat(counts(e, Scope.ITEM, "p-?"))
        .containsEntry("view", variant.equals("killed") ? 2L : 2L);
    assertThat(counts(e, Scope.CATEGORY, "?")).isEqualTo(Map.of("view", 2L));
    assertThat(counts(e, Scope.CATEGORY, "??")).isEqualTo(Map.of("view", 1L));
    assertThat(
            e.compositeCounts("campaign_id+category", "c-?|b")
                .orElseThrow()
                .counts(e.windows().byName("24h"), e.streamTime()))
        .isEqualTo(Map.of("impression", 1L, "ad_click", 2L));

    // Catalog: i-\ud800, i-\udc00, i-\udbff and i-? are one entry; the last one read wins (their
    // update
    // times are equal: the generator's clock was fixed).
    CatalogItem item = e.catalog().get("i-?").orElseThrow();
    assertThat(item.price()).isEqualTo(variant.equals("killed") ? 9.0 : 6.0);
    assertThat(e.catalog().get("i-a").orElseThrow().category()).isEqualTo("?");

    // The campaign and ad named with a lone surrogate survive only in the database: they are not
    // loaded.
    assertThat(e.campaigns().inventory().campaigns()).isEmpty();
    assertThat(e.campaigns().ads()).isEmpty();

    // Dedup keeps fingerprints, not ids: x-\ud800 was fingerprinted as "x-?", so within the horizon
    // a
    // new "x-?" still counts as its duplicate (the collision the old engine made cannot be undone).
    assertThat(e.ingest(List.of(view("x-?", "u-9")))).isEqualTo(new IngestResult(0, 1));
    assertThat(e.ingest(List.of(view("x-new", "u-9")))).isEqualTo(new IngestResult(1, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stopped", "killed"})
  void theNextSnapshotIsInOrderAndReloadsToTheSameState(String variant) throws Exception {
    copy(variant);
    Engine e = start();
    assertThat(e.status().state())
        .as(() -> e.status().toString())
        .isEqualTo(EngineStatus.State.READY);
    List<byte[]> before = e.stateBytes(true);
    e.close(); // writes a snapshot with this build's strict writer
    engine = null;
    Engine again = start();
    assertThat(again.status().state())
        .as(() -> again.status().toString())
        .isEqualTo(EngineStatus.State.READY);
    List<byte[]> after = again.stateBytes(true);
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).as("shard %d", i).isEqualTo(before.get(i));
    }
    assertThat(again.status().replayedEvents()).isZero();
  }

  @Test
  void theRecommendationStateForgetsTheItemsWhoseIdsCollided() throws Exception {
    copy("stopped");
    Engine e = start();
    assertThat(e.status().state())
        .as(() -> e.status().toString())
        .isEqualTo(EngineStatus.State.READY);
    assertThat(e.knowsItem("p-1")).isTrue();
    assertThat(e.knowsItem("p-?"))
        .isFalse(); // p-\ud800, p-\udc00 and p-\udbff: three nodes, one id
  }

  static Map<String, Long> counts(Engine e, Scope scope, String key) {
    WindowedCounts c = e.scopeStats(scope, key).orElseThrow().counts();
    return c.counts(e.windows().byName("24h"), e.streamTime());
  }

  static Event view(String id, String user) {
    return new Event(
        id,
        false,
        "view",
        user,
        "p-1",
        null,
        null,
        null,
        null,
        LegacyDataDirGenerator.NOW.toEpochMilli() - 60_000,
        Map.of());
  }
}
