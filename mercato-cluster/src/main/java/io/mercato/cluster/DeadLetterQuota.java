package io.mercato.cluster;

import io.mercato.engine.deadletter.DeadLetterConfig;
import java.time.InstantSource;

/**
 * The producer-side quota of an API node's dead letters: at most {@code maxBytes} within any
 * {@code retention} period, as a token bucket that holds {@code maxBytes} and refills at
 * {@code maxBytes / retention}. With the topic's {@code retention.ms} set to the same period, the
 * topic holds at most {@code maxBytes} per node. (Bucket4j, the usual library for this, is not among
 * the dependencies; a bucket of one long needs no more than this.) Thread-safe.
 */
final class DeadLetterQuota {
  private final long capacity;
  private final double bytesPerMilli;
  private final InstantSource clock;
  private double available;
  private long refilledAt;

  DeadLetterQuota(DeadLetterConfig config, InstantSource clock) {
    this.capacity = config.maxBytes();
    this.bytesPerMilli = (double) config.maxBytes() / config.retention().toMillis();
    this.clock = clock;
    this.available = capacity;
    this.refilledAt = clock.millis();
  }

  /** Takes {@code bytes} if the quota has them; false (taking nothing) otherwise. */
  synchronized boolean tryTake(long bytes) {
    long now = clock.millis();
    if (now > refilledAt) {
      available = Math.min(capacity, available + (now - refilledAt) * bytesPerMilli);
      refilledAt = now;
    }
    if (bytes > available) {
      return false;
    }
    available -= bytes;
    return true;
  }
}
