package io.mercato.flink.ads;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.InventorySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions one operator instance uses: loaded when it opens, then again when an event comes
 * more than {@link #REFRESH_MILLIS} after the last load (on the task thread, between records; a load is
 * two queries). The first load must succeed; a later failed load keeps the last definitions and is retried at the next interval.
 */
final class LiveDefinitions implements AutoCloseable {
  /** As the API nodes' campaign refresh: a definition change applies at most about a second later. */
  static final long REFRESH_MILLIS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(LiveDefinitions.class);
  private final CampaignDefinitions.Loader loader;
  private AdInventory current = InventorySnapshot.EMPTY;
  private long loadedAt;

  LiveDefinitions(CampaignDefinitions source, long nowMillis) {
    this.loader = source.open();
    this.current =
        loader.load(); // a failure here fails the task: it must not count without definitions
    this.loadedAt = nowMillis;
  }

  AdInventory at(long nowMillis) {
    if (nowMillis - loadedAt >= REFRESH_MILLIS) {
      refresh(nowMillis);
    }
    return current;
  }

  private void refresh(long nowMillis) {
    loadedAt = nowMillis;
    try {
      current = loader.load();
    } catch (RuntimeException e) {
      LOG.warn("could not read campaign definitions; keeping the last ones: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    loader.close();
  }
}
