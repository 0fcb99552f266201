package io.mercato.core.trending;

import io.mercato.core.agg.KeyState;
import io.mercato.core.time.Window;

/**
 * What counts for trending, written once: an item's events of the trending types
 * ({@link io.mercato.core.sketch.WindowedTopItems#DEFAULT_TYPES}) in the window, globally or with one
 * category, from the item's exact windowed counts ({@link KeyState}).
 */
public final class TrendingCounts {
  /** The count of an item whose count cannot be known exactly. */
  public static final long UNKNOWN = -1;

  private TrendingCounts() {}

  /**
   * The events of {@code item} that count for trending in {@code w} at {@code nowMillis}: all of its
   * trending-type events when {@code categoryOrNull} is null, else those with that category; 0 for an
   * absent item (null); {@link #UNKNOWN} when the item state cannot tell exactly.
   */
  public static long of(KeyState item, String categoryOrNull, Window w, long nowMillis) {
    if (item == null) {
      return 0;
    }
    return categoryOrNull == null
        ? item.trendingCount(w, nowMillis)
        : item.categoryCount(categoryOrNull, w, nowMillis);
  }

  /** The sum of two partial counts of one item (shards, partitions); {@link #UNKNOWN} if either is. */
  public static long sum(long a, long b) {
    return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : a + b;
  }
}
