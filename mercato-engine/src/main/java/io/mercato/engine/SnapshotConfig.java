package io.mercato.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * When snapshots of all engine state are taken. A snapshot bounds recovery: after a crash only the
 * journal written since the newest snapshot is replayed. Time alone does not bound that tail (a
 * busy minute can hold millions of records, and a process that keeps dying young never reaches its
 * first periodic snapshot), so a snapshot is also taken as soon as the journal has grown by
 * {@code maxRecords} records or {@code maxBytes} bytes since the last one — including right after a
 * recovery that replayed that much.
 *
 * @param interval   time between snapshots (default 1 min)
 * @param keep       how many snapshot files to keep (default 2, at least 1)
 * @param maxRecords journal records since the last snapshot that trigger the next one; 0 turns the
 *                   trigger off (default {@value #DEFAULT_MAX_RECORDS})
 * @param maxBytes   journal bytes (records with their 16-byte headers) since the last snapshot that
 *                   trigger the next one; 0 turns the trigger off (default 256 MiB)
 */
public record SnapshotConfig(Duration interval, int keep, long maxRecords, long maxBytes) {
  /** Default of {@link #maxRecords()}: see BENCHMARKS.md "Recovery" for the bound it gives. */
  public static final long DEFAULT_MAX_RECORDS = 1_000_000;

  /** Default of {@link #maxBytes()}. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  public SnapshotConfig {
    Objects.requireNonNull(interval, "snapshot interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("snapshot interval must be positive but was " + interval);
    }
    if (keep < 1) {
      throw new IllegalArgumentException("snapshot keep must be at least 1 but was " + keep);
    }
    if (maxRecords < 0) {
      throw new IllegalArgumentException(
          "snapshot max-records must not be negative (0 turns it off) but was " + maxRecords);
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException(
          "snapshot max-bytes must not be negative (0 turns it off) but was " + maxBytes);
    }
  }

  /** Snapshots every {@code interval}, and by journal length at the defaults. */
  public SnapshotConfig(Duration interval, int keep) {
    this(interval, keep, DEFAULT_MAX_RECORDS, DEFAULT_MAX_BYTES);
  }

  public static SnapshotConfig defaults() {
    return new SnapshotConfig(Duration.ofMinutes(1), 2);
  }

  /** Whether a journal grown by {@code records} records of {@code bytes} bytes calls for a snapshot. */
  public boolean dueByLength(long records, long bytes) {
    return (maxRecords > 0 && records >= maxRecords) || (maxBytes > 0 && bytes >= maxBytes);
  }
}
