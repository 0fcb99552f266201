package io.mercato.engine.deadletter;

import java.time.Duration;
import java.util.Objects;

/**
 * How much the dead-letter store keeps, in both runtimes.
 *
 * @param maxBytes  embedded: the most bytes the dead-letter files may hold together; a dead letter
 *                  that would pass it is dropped and counted ({@code mercato_dead_letters_dropped_total}),
 *                  so a flood of bad input cannot fill the disk nor wipe out the dead letters already
 *                  kept. Cluster: the most bytes one API node produces to the dead-letter topic within
 *                  any {@code retention} period (set the topic's {@code retention.bytes} to match).
 *                  At least 1 MiB; default 256 MiB
 * @param retention embedded: a day's file is deleted once that day ended longer ago than this; cluster:
 *                  the period of the producer quota (set the topic's {@code retention.ms} to match).
 *                  At least 1 h; default 7 d
 */
public record DeadLetterConfig(long maxBytes, Duration retention) {
  public DeadLetterConfig {
    Objects.requireNonNull(retention, "dead-letter retention");
    if (maxBytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "dead-letter max-bytes must be at least 1MiB but was " + maxBytes);
    }
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "dead-letter retention must be at least 1h but was " + retention);
    }
  }

  public static DeadLetterConfig defaults() {
    return new DeadLetterConfig(256L << 20, Duration.ofDays(7));
  }
}
