package io.mercato.engine;

import io.mercato.core.config.AggregateSettings;
import io.mercato.core.dedup.DedupIndex;
import java.time.Duration;
import java.util.Objects;

/**
 * Deduplication by {@code event_id}.
 *
 * @param horizon    how long an id is remembered, measured from when the event was accepted
 *                   (default 24 h)
 * @param maxEntries cap on remembered ids (default 5,000,000, about 120 MB); when reached, the oldest
 *                   hour of ids is forgotten early and {@code mercato_dedup_evictions_total} counts it
 */
public record DedupConfig(Duration horizon, int maxEntries) {
  public DedupConfig {
    Objects.requireNonNull(horizon, "dedup horizon");
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("dedup horizon must be positive but was " + horizon);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException(
          "dedup max-entries must be positive but was " + maxEntries);
    }
  }

  public static DedupConfig defaults() {
    return new DedupConfig(AggregateSettings.DEFAULT_DEDUP_HORIZON, DedupIndex.DEFAULT_MAX_ENTRIES);
  }
}
