package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.CatalogView;
import io.mercato.core.runtime.EngineUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog through the engine: durable writes, compaction on snapshot and close, restarts. */
class EngineCatalogTest {
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
            1000,
            d.journal(),
            new SnapshotConfig(Duration.ofHours(1), 2),
            d.dedup(),
            d.limits(),
            d.stats(),
            d.sampling(),
            d.profile());
    Engine e = Engine.start(c, EngineTest.CLOCK, new SimpleMeterRegistry());
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  void stop(Engine e) {
    e.close();
    open.remove(e);
  }

  static CatalogItem item(String id, boolean available) {
    return new CatalogItem(id, "shoes", 59.9, available, Map.of("brand", "acme"), 1000L);
  }

  long changeLogSize() throws Exception {
    return Files.size(dir.resolve("catalog").resolve("changes.log"));
  }

  @Test
  void storedItemsAreReadableAtOnceAndAfterARestart() {
    Engine e = start();
    e.putItems(List.of(item("p-1", true), item("p-2", false)));
    CatalogView c = e.catalog();
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.isAvailable("p-2")).isFalse();
    assertThat(c.isAvailable("never-stored")).isTrue();
    stop(e);

    Engine again = start();
    assertThat(again.catalog().get("p-1")).contains(item("p-1", true));
    assertThat(again.catalog().isAvailable("p-2")).isFalse();
  }

  @Test
  void aSnapshotCompactsTheCatalogAndARestartAfterItKeepsEverything() throws Exception {
    Engine e = start();
    e.putItems(List.of(item("p-1", true), item("p-2", true)));
    assertThat(changeLogSize()).isGreaterThan(16);
    e.snapshot();
    assertThat(dir.resolve("catalog").resolve("catalog.bin")).exists();
    assertThat(changeLogSize()).as("folded into catalog.bin").isEqualTo(16);
    e.putItems(List.of(item("p-2", false), item("p-3", true)));
    stop(e);
    assertThat(changeLogSize()).as("a clean close compacts too").isEqualTo(16);

    Engine again = start();
    assertThat(again.catalog().size()).isEqualTo(3);
    assertThat(again.catalog().isAvailable("p-2")).isFalse();
  }

  @Test
  void theCatalogIsIndependentOfEvents() {
    Engine e = start();
    e.putItems(List.of(item("p-1", true)));
    e.ingest(EngineTest.batch(0, 10));
    assertThat(e.countsByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
    assertThat(e.catalog().size()).isEqualTo(1);
  }

  @Test
  void aClosedEngineRefusesCatalogReadsAndWrites() {
    Engine e = start();
    stop(e);
    assertThatThrownBy(() -> e.putItems(List.of(item("p-1", true))))
        .isInstanceOf(EngineUnavailableException.class);
    assertThatThrownBy(e::catalog).isInstanceOf(EngineUnavailableException.class);
  }
}
