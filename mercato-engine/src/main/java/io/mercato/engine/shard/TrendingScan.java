package io.mercato.engine.shard;

import io.mercato.core.trending.TopItems;
import io.mercato.core.trending.TrendingRanker;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

/**
 * Every item's exact trending count in one window, from the item states of the shards (each shard
 * holds a part of every item's events): {@link ShardState#scanTrending} per shard, {@link #merge}d,
 * then {@link #top}. An item part whose count is unknown contributes its upper bound instead, and the
 * whole item is then only an upper bound. O(items with events in the window).
 */
public final class TrendingScan {
  private final Object2LongOpenHashMap<String> exact = new Object2LongOpenHashMap<>();
  private final Object2LongOpenHashMap<String> upper = new Object2LongOpenHashMap<>();

  void addExact(String item, long count) {
    exact.addTo(item, count);
  }

  void addUpperBound(String item, long bound) {
    upper.addTo(item, bound);
  }

  /** Folds in another shard's scan; returns this. */
  public TrendingScan merge(TrendingScan other) {
    for (Object2LongMap.Entry<String> e : other.exact.object2LongEntrySet()) {
      exact.addTo(e.getKey(), e.getLongValue());
    }
    for (Object2LongMap.Entry<String> e : other.upper.object2LongEntrySet()) {
      upper.addTo(e.getKey(), e.getLongValue());
    }
    return this;
  }

  /** The top {@code n} items by exact count; not exact when an item whose count is unknown could enter it. */
  public TopItems top(int n) {
    long unknownBound = 0;
    for (Object2LongMap.Entry<String> u : upper.object2LongEntrySet()) {
      // an item partly unknown is no longer ranked: it is at most its known part plus the bound
      unknownBound = Math.max(unknownBound, u.getLongValue() + exact.removeLong(u.getKey()));
    }
    return TrendingRanker.top(exact, n, unknownBound);
  }
}
