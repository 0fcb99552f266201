package io.mercato.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.ItemCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogStoreTest {
  @TempDir Path dir;
  final List<CatalogStore> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(CatalogStore::close);
  }

  CatalogStore open(long compactBytes) {
    CatalogStore s = CatalogStore.open(dir, compactBytes, new SimpleMeterRegistry());
    open.add(s);
    return s;
  }

  CatalogStore open() {
    return open(CatalogStore.DEFAULT_COMPACT_BYTES);
  }

  static CatalogItem item(String id, double price) {
    return new CatalogItem(id, "cat", price, true, Map.of("brand", "acme"), 1000L);
  }

  static List<CatalogItem> items(String prefix, int n) {
    List<CatalogItem> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(item(prefix + i, i));
    }
    return out;
  }

  long logSize() throws IOException {
    return Files.size(dir.resolve("changes.log"));
  }

  @Test
  void writesAreVisibleAtOnceAndDurableWithoutAClose() {
    CatalogStore s = open();
    s.put(List.of(item("a", 1), item("b", 2)));
    s.put(List.of(new CatalogItem("a", null, null, false, Map.of(), 2000L)));
    assertThat(s.view().isAvailable("a")).isFalse();
    assertThat(s.view().size()).isEqualTo(2);
    // No close, no compaction: what a crash leaves behind (the old channel stays open, as in a
    // killed process).
    CatalogStore again = open();
    assertThat(again.view().get("a"))
        .contains(new CatalogItem("a", null, null, false, Map.of(), 2000L));
    assertThat(again.view().get("b")).contains(item("b", 2));
    assertThat(again.recovery()).isEqualTo(new CatalogStore.Recovery(2, 2, 0, null));
  }

  @Test
  void aFreshDirectoryStartsEmptyWithAnEmptyLog() throws IOException {
    CatalogStore s = open();
    assertThat(s.view().size()).isZero();
    assertThat(logSize()).isEqualTo(CatalogFiles.LOG_HEADER_BYTES);
    s.put(List.of());
    assertThat(logSize())
        .as("an empty batch writes nothing")
        .isEqualTo(CatalogFiles.LOG_HEADER_BYTES);
  }

  @Test
  void tornTailIsTruncatedAndEarlierBatchesKept() throws IOException {
    CatalogStore s = open();
    s.put(items("a", 3));
    long afterFirst = logSize();
    s.put(items("b", 3));
    long full = logSize();
    s.close();
    // A crash in the middle of the second append: only part of its record reached the disk.
    try (FileChannel ch = FileChannel.open(dir.resolve("changes.log"), StandardOpenOption.WRITE)) {
      ch.truncate(full - 5);
    }
    CatalogStore again = open();
    assertThat(again.view().size()).isEqualTo(3);
    assertThat(again.view().get("b0")).isEmpty();
    assertThat(again.recovery().truncatedBytes()).isEqualTo(full - 5 - afterFirst);
    assertThat(again.recovery().truncationReason()).contains("incomplete record payload");
    assertThat(logSize()).isEqualTo(afterFirst);
    // Writing goes on after the cut, and survives another restart.
    again.put(items("c", 2));
    again.close();
    assertThat(open().view().size()).isEqualTo(5);
  }

  @Test
  void tornRecordHeaderAndBadChecksumAreTruncatedToo() throws IOException {
    CatalogStore s = open();
    s.put(items("a", 2));
    long valid = logSize();
    s.close();
    Files.write(dir.resolve("changes.log"), new byte[] {0, 0, 1}, StandardOpenOption.APPEND);
    CatalogStore second = open();
    assertThat(second.recovery().truncationReason()).contains("incomplete record header");
    assertThat(logSize()).isEqualTo(valid);
    second.put(items("b", 2));
    long full = logSize();
    second.close();
    flipByte(dir.resolve("changes.log"), full - 2); // inside the last record's payload
    CatalogStore third = open();
    assertThat(third.recovery().truncationReason()).isEqualTo("checksum mismatch");
    assertThat(third.view().size()).isEqualTo(2);
    assertThat(logSize()).isEqualTo(valid);
  }

  @Test
  void aRecordWithAValidChecksumThatDoesNotDecodeFailsTheOpen() throws IOException {
    open().close();
    byte[] payload = {9, 0}; // unknown change kind 9
    ByteBuffer record =
        ByteBuffer.allocate(8 + payload.length)
            .putInt(payload.length)
            .putInt(CatalogFiles.checksum(payload))
            .put(payload)
            .flip();
    try (FileChannel ch = FileChannel.open(dir.resolve("changes.log"), StandardOpenOption.APPEND)) {
      ch.write(record);
    }
    assertThatThrownBy(this::open)
        .isInstanceOf(CatalogCorruptedException.class)
        .hasMessageContaining("changes.log")
        .hasMessageContaining("byte offset 16")
        .hasMessageContaining("kind 9");
  }

  @Test
  void theLogIsCompactedWhenItReachesTheThreshold() throws IOException {
    CatalogStore s = open(4096);
    int puts = 0;
    while (s.generation() == 0) {
      s.put(items("p" + puts + "-", 10));
      puts++;
      assertThat(puts).as("compacted within a few writes").isLessThan(100);
    }
    assertThat(Files.exists(dir.resolve("catalog.bin"))).isTrue();
    assertThat(logSize()).isEqualTo(CatalogFiles.LOG_HEADER_BYTES);
    assertThat(s.logBytes()).isEqualTo(CatalogFiles.LOG_HEADER_BYTES);
    s.put(items("after-", 3));
    int expected = puts * 10 + 3;
    assertThat(s.view().size()).isEqualTo(expected);
    s.close();

    CatalogStore again = open(4096);
    assertThat(again.view().size()).isEqualTo(expected);
    assertThat(again.recovery().replayedChanges())
        .as("only the write after the compaction is replayed")
        .isEqualTo(1);
    assertThat(again.view().get("p0-3")).contains(item("p0-3", 3));
  }

  @Test
  void explicitCompactionFoldsTheLogAndARestartKeepsEverything() throws IOException {
    CatalogStore s = open();
    assertThat(s.compact()).as("nothing to fold").isFalse();
    s.put(items("a", 5));
    s.put(List.of(new CatalogItem("a1", "new", 9.0, false, Map.of(), 5L)));
    assertThat(s.compact()).isTrue();
    assertThat(s.compact()).as("the log is empty now").isFalse();
    s.put(items("b", 2));
    s.compact();
    s.put(List.of(new CatalogItem("b0", null, null, true, Map.of("v", 2L), 6L)));
    // No close: recovery reads catalog.bin plus the one record after the last compaction.
    CatalogStore again = open();
    assertThat(again.view().size()).isEqualTo(7);
    assertThat(again.view().get("a1"))
        .contains(new CatalogItem("a1", "new", 9.0, false, Map.of(), 5L));
    assertThat(again.view().get("b0"))
        .contains(new CatalogItem("b0", null, null, true, Map.of("v", 2L), 6L));
    assertThat(again.recovery().replayedChanges()).isEqualTo(1);
    assertThat(again.generation()).isEqualTo(2);
  }

  @Test
  void aCrashBetweenCatalogBinAndTheNewLogKeepsEverythingOnce() throws IOException {
    CatalogStore s = open();
    s.put(items("a", 4));
    s.close();
    // The first half of a compaction: catalog.bin of generation 1 is in place, the log still of
    // generation 0.
    ItemCatalog folded = new ItemCatalog();
    folded.putAll(items("a", 4));
    CatalogFiles.writeSnapshot(dir, 1, folded);

    CatalogStore again = open();
    assertThat(again.view().size()).isEqualTo(4);
    assertThat(again.recovery().replayedChanges())
        .as("the stale log is discarded, not replayed")
        .isZero();
    assertThat(again.generation()).isEqualTo(1);
    again.put(items("b", 1));
    again.close();
    CatalogStore third = open();
    assertThat(third.view().size()).isEqualTo(5);
    assertThat(third.recovery().replayedChanges()).isEqualTo(1);
  }

  @Test
  void aLogNewerThanCatalogBinFailsTheOpen() throws IOException {
    CatalogStore s = open();
    s.put(items("a", 1));
    s.compact();
    s.close();
    Files.delete(dir.resolve("catalog.bin"));
    assertThatThrownBy(this::open)
        .isInstanceOf(CatalogCorruptedException.class)
        .hasMessageContaining("generation 1");
  }

  @Test
  void aDamagedCatalogBinFailsTheOpen() throws IOException {
    CatalogStore s = open();
    s.put(items("a", 3));
    s.compact();
    s.close();
    flipByte(dir.resolve("catalog.bin"), 20);
    assertThatThrownBy(this::open)
        .isInstanceOf(CatalogCorruptedException.class)
        .hasMessageContaining("catalog.bin")
        .hasMessageContaining("checksum");
  }

  @Test
  void aDamagedLogHeaderFailsTheOpen() throws IOException {
    open().close();
    flipByte(dir.resolve("changes.log"), 0);
    assertThatThrownBy(this::open)
        .isInstanceOf(CatalogCorruptedException.class)
        .hasMessageContaining("bad magic");
  }

  @Test
  void leftoverTempFilesOfACutShortCompactionAreRemoved() throws IOException {
    open().close();
    Files.write(dir.resolve("catalog.bin.tmp"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("changes.log.tmp"), new byte[] {1});
    open();
    assertThat(dir.resolve("catalog.bin.tmp")).doesNotExist();
    assertThat(dir.resolve("changes.log.tmp")).doesNotExist();
  }

  @Test
  void writesAfterCloseAreRefused() {
    CatalogStore s = open();
    s.close();
    assertThatThrownBy(() -> s.put(items("a", 1)))
        .isInstanceOf(CatalogFailedException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(s::compact).isInstanceOf(CatalogFailedException.class);
    s.close(); // idempotent
  }

  @Test
  void metricsCountWrittenItemsAndTheCatalogSize() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CatalogStore s = CatalogStore.open(dir, CatalogStore.DEFAULT_COMPACT_BYTES, meters);
    open.add(s);
    s.put(items("a", 3));
    s.put(items("a", 2)); // replaces two
    assertThat(meters.get("mercato.catalog.writes").counter().count()).isEqualTo(5.0);
    assertThat(meters.get("mercato.catalog.items").gauge().value()).isEqualTo(3.0);
  }

  @Test
  void concurrentWritersAreAllDurable() throws Exception {
    CatalogStore s = open(8192); // small: compactions run while others write
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String prefix = "t" + t + "-";
      futures.add(
          pool.submit(
              () -> {
                for (int b = 0; b < 20; b++) {
                  s.put(items(prefix + b + "-", 5));
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(s.view().size()).isEqualTo(4 * 20 * 5);
    assertThat(s.generation()).isPositive();
    CatalogStore again = open(8192);
    assertThat(again.view().size()).isEqualTo(400);
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, offset);
    }
  }
}
