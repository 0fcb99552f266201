package io.mercato.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Periodic snapshots of all engine state.
 *
 * @param interval time between snapshots (default 1 min); recovery replays at most this much journal
 * @param keep     how many snapshot files to keep (default 2, at least 1)
 */
public record SnapshotConfig(Duration interval, int keep) {
  public SnapshotConfig {
    Objects.requireNonNull(interval, "snapshot interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("snapshot interval must be positive but was " + interval);
    }
    if (keep < 1) {
      throw new IllegalArgumentException("snapshot keep must be at least 1 but was " + keep);
    }
  }

  public static SnapshotConfig defaults() {
    return new SnapshotConfig(Duration.ofMinutes(1), 2);
  }
}
