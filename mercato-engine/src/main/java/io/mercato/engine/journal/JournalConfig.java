package io.mercato.engine.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link Journal}.
 *
 * @param segmentBytes  target size of one segment file in bytes, at least 4096; a segment is rolled
 *                      before a record would take it past this size (a single record larger than
 *                      this gets a segment of its own)
 * @param fsync         when an appended record counts as durable; see {@link FsyncPolicy}
 * @param fsyncInterval how often the flusher fsyncs under {@link FsyncPolicy#INTERVAL}; positive,
 *                      ignored by the other policies
 * @param retention     how long a segment is kept after it was closed, even when a snapshot covers it;
 *                      zero or positive ({@link Duration#ZERO} deletes covered segments at once)
 */
public record JournalConfig(
    long segmentBytes, FsyncPolicy fsync, Duration fsyncInterval, Duration retention) {

  /** Smallest accepted {@link #segmentBytes()}. */
  public static final long MIN_SEGMENT_BYTES = 4096;

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if {@code segmentBytes < 4096}, {@code fsyncInterval} is zero or
   *                                  negative, or {@code retention} is negative
   * @throws NullPointerException     if any object component is null
   */
  public JournalConfig {
    Objects.requireNonNull(fsync, "journal fsync policy must not be null");
    Objects.requireNonNull(fsyncInterval, "journal fsync-interval must not be null");
    Objects.requireNonNull(retention, "journal retention must not be null");
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "journal segment-bytes must be at least "
              + MIN_SEGMENT_BYTES
              + " but was "
              + segmentBytes);
    }
    if (fsyncInterval.isZero() || fsyncInterval.isNegative()) {
      throw new IllegalArgumentException(
          "journal fsync-interval must be positive but was " + fsyncInterval);
    }
    if (retention.isNegative()) {
      throw new IllegalArgumentException(
          "journal retention must not be negative but was " + retention);
    }
  }

  /**
   * The defaults: 64 MiB segments, {@link FsyncPolicy#GROUP}, a 5 ms fsync interval (used only by
   * {@link FsyncPolicy#INTERVAL}) and 168 hours (7 days) of retention.
   */
  public static JournalConfig defaults() {
    return new JournalConfig(
        64L * 1024 * 1024, FsyncPolicy.GROUP, Duration.ofMillis(5), Duration.ofHours(168));
  }

  /** A copy with another {@link #segmentBytes()}. */
  public JournalConfig withSegmentBytes(long bytes) {
    return new JournalConfig(bytes, fsync, fsyncInterval, retention);
  }

  /** A copy with another {@link #fsync()} policy. */
  public JournalConfig withFsync(FsyncPolicy policy) {
    return new JournalConfig(segmentBytes, policy, fsyncInterval, retention);
  }

  /** A copy with another {@link #retention()}. */
  public JournalConfig withRetention(Duration newRetention) {
    return new JournalConfig(segmentBytes, fsync, fsyncInterval, newRetention);
  }
}
