package io.mercato.app.replay;

import java.time.InstantSource;

/**
 * Holds a sender to a target rate: event {@code n} is not sent before {@code start + n / rate}
 * seconds. A sender that falls behind catches up without sleeping; it does not burst beyond the
 * rate afterwards by more than what it lost. A rate of 0 means unlimited.
 */
public final class Pacer {
  private final double eventsPerSecond;
  private final InstantSource clock;
  private long startMillis = -1;
  private long sent;

  public Pacer(double eventsPerSecond, InstantSource clock) {
    if (eventsPerSecond < 0 || Double.isNaN(eventsPerSecond)) {
      throw new IllegalArgumentException("rate must not be negative but was " + eventsPerSecond);
    }
    this.eventsPerSecond = eventsPerSecond;
    this.clock = clock;
  }

  /** Waits until the next {@code n} events may be sent, then counts them as sent. */
  public void acquire(int n) throws InterruptedException {
    long delay = delayMillis(n);
    if (delay > 0) {
      Thread.sleep(delay);
    }
  }

  /**
   * Counts the next {@code n} events as sent and returns how long the caller must wait before
   * sending them (0 when they are due), for callers that wait their own way.
   */
  public long delayMillis(int n) {
    long now = clock.millis();
    if (startMillis < 0) {
      startMillis = now;
    }
    long delay = 0;
    if (eventsPerSecond > 0) {
      delay = Math.max(0, startMillis + (long) (sent * 1000.0 / eventsPerSecond) - now);
    }
    sent += n;
    return delay;
  }

  /** Chunk size that keeps sending smooth at this rate: about ten sends per second, at most {@code max}. */
  public int chunkSize(int max) {
    if (eventsPerSecond == 0) {
      return max;
    }
    return (int) Math.max(1, Math.min(max, eventsPerSecond / 10));
  }
}
