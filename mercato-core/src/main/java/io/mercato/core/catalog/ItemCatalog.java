package io.mercato.core.catalog;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.LegacyIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The item catalog in memory: one {@link CatalogItem} per item id, kept sorted by id so it pages
 * cheaply. Thread-safe: reads are lock-free (a concurrent skip list) and may run on any number of
 * threads while writers put; writes of the same id are last-writer-wins in the order the
 * {@code put} calls take effect (not by {@link CatalogItem#updatedMillis()}: clocks can step back).
 * {@link #putAll} applies its items one by one: a concurrent reader may see some items of the batch
 * before others (durability, which is all-or-nothing per batch, is the store's business). This class
 * does no I/O; the engine's catalog store makes writes durable before applying them here.
 *
 * <pre>
 * v1: byte version=1 | varint n | CatalogItem*   (items in ascending id order, see {@link CatalogItemCodec})
 * </pre>
 * Files of versions that wrote unpaired surrogates as {@code ?} may repeat an id or list it out of
 * order; {@link #read} keeps one entry per id then ({@link LegacyIds}).
 */
public final class ItemCatalog implements CatalogView {
  static final int VERSION = 1;

  /** Smallest possible encoded item: version, flags, long time, 1-byte id, attribute count. */
  private static final int MIN_ITEM_BYTES = 13;

  private final ConcurrentNavigableMap<String, CatalogItem> items = new ConcurrentSkipListMap<>();
  // ConcurrentSkipListMap.size() walks the whole map; the gauge and the API want O(1).
  private final AtomicInteger size = new AtomicInteger();

  /** An empty catalog. */
  public ItemCatalog() {}

  @Override
  public Optional<CatalogItem> get(String itemId) {
    return Optional.ofNullable(items.get(Objects.requireNonNull(itemId, "itemId")));
  }

  @Override
  public boolean isAvailable(String itemId) {
    CatalogItem item = items.get(Objects.requireNonNull(itemId, "itemId"));
    return item == null || item.available();
  }

  @Override
  public String category(String itemId) {
    CatalogItem item = items.get(Objects.requireNonNull(itemId, "itemId"));
    return item == null ? null : item.category();
  }

  @Override
  public int size() {
    return size.get();
  }

  /** Adds {@code item}, replacing the entry of the same id. */
  public void put(CatalogItem item) {
    Objects.requireNonNull(item, "item");
    if (items.put(item.itemId(), item) == null) {
      size.incrementAndGet();
    }
  }

  /** {@link #put}s every item in iteration order (a later item of the same id wins). */
  public void putAll(Collection<CatalogItem> batch) {
    for (CatalogItem item : batch) {
      put(item);
    }
  }

  @Override
  public List<CatalogItem> list(String afterItemId, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative but was " + limit);
    }
    ConcurrentNavigableMap<String, CatalogItem> view =
        afterItemId == null ? items : items.tailMap(afterItemId, false);
    List<CatalogItem> page = new ArrayList<>(Math.min(limit, 1024));
    for (CatalogItem item : view.values()) {
      if (page.size() >= limit) {
        break;
      }
      page.add(item);
    }
    return page;
  }

  @Override
  public void forEach(Consumer<CatalogItem> action) {
    items.values().forEach(action);
  }

  /**
   * Writes every entry in id order. Concurrent puts are not blocked: each entry is written as it was
   * either before or after such a put. O(n).
   */
  public void writeTo(BinaryWriter out) {
    List<CatalogItem> all = new ArrayList<>(items.values()); // count and items must agree
    out.writeByte(VERSION).writeVarLong(all.size());
    for (CatalogItem item : all) {
      CatalogItemCodec.write(item, out);
    }
  }

  /** Reads what {@link #writeTo} wrote. */
  public static ItemCatalog read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException(
          "unknown item catalog format version " + version + " (this build reads 1)");
    }
    int n = in.readLength(in.remaining() / MIN_ITEM_BYTES);
    ItemCatalog catalog = new ItemCatalog();
    String previous = null;
    for (int i = 0; i < n; i++) {
      CatalogItem item = CatalogItemCodec.read(in);
      String id = item.itemId();
      if (previous != null && previous.compareTo(id) >= 0) {
        if (!LegacyIds.mayHaveCollided(previous, id)) {
          throw new CorruptDataException(
              "catalog item ids out of order: \"" + id + "\" after \"" + previous + "\"");
        }
        // Written by the old lenient writer: ids that differed by a surrogate are one id now. The
        // entry updated last is kept (on a tie, the one read last).
        CatalogItem kept = catalog.items.get(id);
        if (kept == null || kept.updatedMillis() <= item.updatedMillis()) {
          catalog.put(item);
        }
        continue;
      }
      previous = id;
      catalog.put(item);
    }
    return catalog;
  }
}
