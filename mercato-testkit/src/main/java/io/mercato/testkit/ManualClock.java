package io.mercato.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InstantSource} that only moves when a test says so. Millisecond resolution; thread-safe.
 */
public final class ManualClock implements InstantSource {
  private final AtomicLong millis;

  public ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** A clock at {@code isoInstant}, e.g. {@code 2026-11-24T12:00:00Z}. */
  public static ManualClock at(String isoInstant) {
    return new ManualClock(Instant.parse(isoInstant));
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves the clock forward (or back, for a negative amount). */
  public ManualClock advance(Duration d) {
    millis.addAndGet(d.toMillis());
    return this;
  }

  public ManualClock set(Instant t) {
    millis.set(t.toEpochMilli());
    return this;
  }
}
