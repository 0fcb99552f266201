package io.mercato.core.catalog;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Read access to the item catalog. Implementations are safe for any number of concurrent readers and
 * never block on writers; a read sees every write that completed before it started.
 *
 * <p>Items seen only in events have no catalog entry: for them {@link #get} is empty,
 * {@link #isAvailable} is true and {@link #category} is null. So a recommender may filter every
 * candidate through {@link #isAvailable} without the catalog having to list every item.
 */
public interface CatalogView {

  /** The entry of {@code itemId}, or empty when the catalog has none. O(log n). */
  Optional<CatalogItem> get(String itemId);

  /**
   * False only for an item whose catalog entry says {@code available: false}; true for available
   * entries and for items the catalog does not know. O(log n).
   */
  boolean isAvailable(String itemId);

  /** The category of the entry of {@code itemId}; null when there is no entry or it has no category. */
  String category(String itemId);

  /** Number of entries. O(1). */
  int size();

  /**
   * Up to {@code limit} entries in ascending {@code itemId} order (by {@link String#compareTo}), starting
   * after {@code afterItemId} (exclusive; null starts at the first). Paging with the last id of one page
   * as the next {@code afterItemId} visits every entry that exists throughout, once. O(log n + limit).
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<CatalogItem> list(String afterItemId, int limit);

  /** Calls {@code action} for every entry in ascending id order (weakly consistent under writes). */
  void forEach(Consumer<CatalogItem> action);
}
