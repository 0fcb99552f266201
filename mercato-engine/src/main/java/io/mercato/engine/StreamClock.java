package io.mercato.engine;

import java.time.InstantSource;

/**
 * The newest effective time of an accepted event: what ingestion judges lateness against and what
 * windows are evaluated at. Written by the ingest pipeline under its lock (and once by recovery before
 * the engine serves); read by anyone.
 */
final class StreamClock {
  private final InstantSource clock;
  private volatile long newestMillis = Long.MIN_VALUE;

  StreamClock(InstantSource clock) {
    this.clock = clock;
  }

  /** The newest accepted event time, or {@link Long#MIN_VALUE} before any event. */
  long newestMillis() {
    return newestMillis;
  }

  /** Sets the newest event time (the admission rule only ever advances it). */
  void set(long millis) {
    this.newestMillis = millis;
  }

  /** The newest event time, or the clock before any event. */
  long streamTime() {
    long t = newestMillis;
    return t == Long.MIN_VALUE ? clock.millis() : t;
  }
}
