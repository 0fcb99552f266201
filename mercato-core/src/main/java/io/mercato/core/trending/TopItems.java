package io.mercato.core.trending;

import java.util.List;
import java.util.Objects;

/**
 * The items with the most events in a window, with the guarantee the answer carries.
 *
 * @param items    at most the n asked for, best first: count descending, then item id ascending; every
 *                 count is exact (the item's events in the window, as {@code /v1/stats} counts them)
 * @param exact    true when {@code items} is provably the true top n: no item missing from it has as
 *                 many events as the last one listed (or, with fewer than n listed, no other item has
 *                 any event in the window)
 * @param maxError 0 when {@code exact}; otherwise the most events an item missing from {@code items}
 *                 may have in the window, so a listed item with fewer may have been displaced
 */
public record TopItems(List<ItemCount> items, boolean exact, long maxError) {
  /** No item: the exact answer of an empty window. */
  public static final TopItems NONE = new TopItems(List.of(), true, 0);

  public TopItems {
    items = List.copyOf(items);
    if (maxError < 0 || (exact && maxError != 0)) {
      throw new IllegalArgumentException(
          "max error must be 0 for an exact answer and never negative but was "
              + maxError
              + " (exact "
              + exact
              + ")");
    }
  }

  /**
   * An item and its exact number of events in the window.
   *
   * @param itemId the item
   * @param count  its events in the window, ≥ 1
   */
  public record ItemCount(String itemId, long count) {
    public ItemCount {
      Objects.requireNonNull(itemId, "itemId");
      if (count < 1) {
        throw new IllegalArgumentException(
            "a listed item has at least one event but " + itemId + " has " + count);
      }
    }
  }
}
