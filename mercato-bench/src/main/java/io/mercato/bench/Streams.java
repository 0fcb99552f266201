package io.mercato.bench;

import io.mercato.core.event.Event;
import io.mercato.synthetic.SyntheticTraffic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The seeded synthetic event streams the benchmarks draw from, so every run of every benchmark sees
 * the same events. Event time is set by a {@link SteppedClock}, not the wall clock: a stream first
 * covers a long history quickly (to build a state of steady-state size) and then continues densely
 * (the part that is measured).
 */
final class Streams {
  /** Event time of the first generated event. */
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  /** The seed of every stream. */
  static final long SEED = 42;

  private Streams() {}

  /**
   * A history and its continuation.
   *
   * @param history events spread evenly over the history span, oldest first
   * @param batch   the events right after the history, in order
   */
  record Timeline(List<Event> history, List<Event> batch) {
    /** Event time of the newest event. */
    long endMillis() {
      return batch.isEmpty()
          ? history.get(history.size() - 1).timestampMillis()
          : batch.get(batch.size() - 1).timestampMillis();
    }
  }

  /**
   * {@code historyEvents} events spread over {@code span}, then {@code batchEvents} events {@code step}
   * apart, all from one generator built from {@code traffic} (whose clock is replaced).
   */
  static Timeline timeline(
      SyntheticTraffic.Builder traffic,
      int historyEvents,
      Duration span,
      int batchEvents,
      Duration step) {
    SteppedClock clock =
        new SteppedClock(START.toEpochMilli(), Math.max(1, span.toMillis() / historyEvents));
    SyntheticTraffic t = traffic.clock(clock).build();
    List<Event> history = t.next(historyEvents);
    clock.step(step.toMillis());
    return new Timeline(history, t.next(batchEvents));
  }

  /** A clock that moves forward by a fixed step each time it is read. Not thread-safe. */
  static final class SteppedClock implements InstantSource {
    private long millis;
    private long step;

    SteppedClock(long startMillis, long step) {
      this.millis = startMillis;
      this.step = step;
    }

    /** From now on, each reading is {@code step} ms after the previous one. */
    void step(long stepMillis) {
      this.step = stepMillis;
    }

    @Override
    public long millis() {
      millis += step;
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }
}
