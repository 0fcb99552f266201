package io.mercato.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ItemCatalogTest {
  static CatalogItem item(String id, boolean available, String category) {
    return new CatalogItem(id, category, null, available, Map.of(), 0);
  }

  static List<String> ids(List<CatalogItem> items) {
    return items.stream().map(CatalogItem::itemId).toList();
  }

  @Test
  void unknownItemIsAvailableWithoutCategory() {
    ItemCatalog c = new ItemCatalog();
    assertThat(c.get("p-1")).isEmpty();
    assertThat(c.isAvailable("p-1")).isTrue();
    assertThat(c.category("p-1")).isNull();
    assertThat(c.size()).isZero();
  }

  @Test
  void unavailableEntryIsNotAvailable() {
    ItemCatalog c = new ItemCatalog();
    c.put(item("p-1", false, "shoes"));
    c.put(item("p-2", true, null));
    assertThat(c.isAvailable("p-1")).isFalse();
    assertThat(c.isAvailable("p-2")).isTrue();
    assertThat(c.category("p-1")).isEqualTo("shoes");
    assertThat(c.category("p-2")).isNull();
  }

  @Test
  void putReplacesTheEntryOfTheSameIdAndCountsItOnce() {
    ItemCatalog c = new ItemCatalog();
    c.put(item("p-1", true, "a"));
    c.putAll(List.of(item("p-1", false, "b"), item("p-2", true, null), item("p-1", true, "c")));
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.get("p-1")).contains(item("p-1", true, "c"));
  }

  @Test
  void listPagesInIdOrder() {
    ItemCatalog c = new ItemCatalog();
    for (String id : List.of("b", "d", "a", "c", "e")) {
      c.put(item(id, true, null));
    }
    assertThat(ids(c.list(null, 2))).containsExactly("a", "b");
    assertThat(ids(c.list("b", 2))).containsExactly("c", "d");
    assertThat(ids(c.list("d", 2))).containsExactly("e");
    assertThat(ids(c.list("e", 2))).isEmpty();
    assertThat(ids(c.list("bb", 10))).containsExactly("c", "d", "e"); // the cursor need not exist
    assertThat(c.list(null, 0)).isEmpty();
    assertThatThrownBy(() -> c.list(null, -1)).isInstanceOf(IllegalArgumentException.class);
    List<String> seen = new ArrayList<>();
    c.forEach(i -> seen.add(i.itemId()));
    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
  }

  /** Pins format v1 (items in id order whatever the insertion order). */
  @Test
  void version1BytesArePinned() {
    ItemCatalog c = new ItemCatalog();
    c.put(new CatalogItem("b", "c", null, false, Map.of(), 1));
    c.put(new CatalogItem("a", null, null, true, Map.of(), 0));
    String hex =
        "01"
            + "02"
            + "01"
            + "04"
            + "0000000000000000"
            + "0161"
            + "00"
            + "01"
            + "01"
            + "0000000000000001"
            + "0162"
            + "0163"
            + "00";
    BinaryWriter w = new BinaryWriter();
    c.writeTo(w);
    assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(hex);
    BinaryReader r = new BinaryReader(HexFormat.of().parseHex(hex));
    ItemCatalog back = ItemCatalog.read(r);
    r.expectEnd();
    assertThat(back.size()).isEqualTo(2);
    assertThat(back.list(null, 10)).isEqualTo(c.list(null, 10));
  }

  @Test
  void emptyCatalogRoundTrips() {
    BinaryWriter w = new BinaryWriter();
    new ItemCatalog().writeTo(w);
    assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo("0100");
    assertThat(ItemCatalog.read(new BinaryReader(w.toByteArray())).size()).isZero();
  }

  @Test
  void damagedBytesAreReportedNotCrashedOn() {
    String outOfOrder =
        "01"
            + "02"
            + "01"
            + "04"
            + "0000000000000000"
            + "0162"
            + "00"
            + "01"
            + "04"
            + "0000000000000000"
            + "0161"
            + "00";
    assertThatThrownBy(
            () -> ItemCatalog.read(new BinaryReader(HexFormat.of().parseHex(outOfOrder))))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> ItemCatalog.read(new BinaryReader(HexFormat.of().parseHex("0105"))))
        .isInstanceOf(CorruptDataException.class);
    assertThatThrownBy(() -> ItemCatalog.read(new BinaryReader(HexFormat.of().parseHex("0200"))))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 2");
  }

  /**
   * Smoke test of concurrent use: writers put disjoint and shared ids while readers look up and page;
   * no reader fails, pages stay sorted, and the final size counts every distinct id once.
   */
  @Test
  void concurrentWritersAndReadersAgree() throws Exception {
    ItemCatalog c = new ItemCatalog();
    int writers = 4;
    int perWriter = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      final int writer = w;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                  // Half the ids are shared by every writer, half are the writer's own.
                  String id =
                      i % 2 == 0
                          ? String.format("s-%05d", i)
                          : String.format("w%d-%05d", writer, i);
                  c.put(item(id, i % 3 != 0, "k" + writer));
                }
                return null;
              }));
    }
    for (int r = 0; r < 2; r++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int round = 0; round < 200; round++) {
                  List<CatalogItem> page = c.list(null, 500);
                  for (int i = 1; i < page.size(); i++) {
                    assertThat(page.get(i - 1).itemId()).isLessThan(page.get(i).itemId());
                  }
                  for (CatalogItem i : page) {
                    assertThat(c.get(i.itemId())).isPresent();
                  }
                  assertThat(c.size()).isBetween(0, writers * perWriter);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    int distinct = perWriter / 2 + writers * (perWriter / 2);
    assertThat(c.size()).isEqualTo(distinct);
    List<CatalogItem> all = new ArrayList<>();
    String after = null;
    for (List<CatalogItem> page = c.list(null, 777); !page.isEmpty(); page = c.list(after, 777)) {
      all.addAll(page);
      after = page.get(page.size() - 1).itemId();
    }
    assertThat(all).hasSize(distinct);
  }
}
