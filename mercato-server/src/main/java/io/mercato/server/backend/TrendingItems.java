package io.mercato.server.backend;

import io.mercato.core.time.Window;
import io.mercato.core.trending.TopItems;

/**
 * The trending items of one scope (global or a category) at one stream time, computed per window on
 * demand: by exact per-item counts (see {@link io.mercato.core.trending.TrendingRanker}).
 */
@FunctionalInterface
public interface TrendingItems {
  /** Items of nothing: the exact, empty answer of a category without events. */
  TrendingItems NONE = (w, n) -> TopItems.NONE;

  /**
   * The {@code n} (≥ 1) items with the most trending events in {@code w}, with the answer's guarantee.
   *
   * @throws BackendUnavailableException when a remote store fails
   */
  TopItems top(Window w, int n);
}
