package io.mercato.core.quality;

import java.time.Duration;
import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The distribution of {@code arrival − event time} (seconds; negative for an event whose time is
 * ahead of the server clock) over a sliding span of one to two {@code period}s: events are kept in a
 * current and a previous KLL sketch, and the current one becomes the previous one every
 * {@code period} of arrival time. Quantiles have a normalised rank error of about 1.65% (KLL, k = 200).
 * The count of events ahead of the clock and the total are kept since creation.
 *
 * <p>Thread-safe: every method synchronises on this object; {@link #record} takes the lock once per
 * batch.
 */
public final class ArrivalSkew {
  private static final int K = 200;
  private final long periodMillis;
  private KllDoublesSketch current = KllDoublesSketch.newHeapInstance(K);
  private KllDoublesSketch previous = KllDoublesSketch.newHeapInstance(K);
  private long currentStart = Long.MIN_VALUE;
  private long events;
  private long ahead;
  private long maxAheadMillis;

  /** @param period the span of one sketch, positive (the report covers one to two of them) */
  public ArrivalSkew(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("skew period must be positive but was " + period);
    }
    this.periodMillis = period.toMillis();
  }

  /**
   * Records events that arrived at {@code arrivalMillis} with the given event times.
   *
   * @param eventMillis event times, epoch ms; the first {@code n} are read
   */
  public synchronized void record(long arrivalMillis, long[] eventMillis, int n) {
    rotate(arrivalMillis);
    for (int i = 0; i < n; i++) {
      long skew = arrivalMillis - eventMillis[i];
      current.update(skew / 1000.0);
      if (skew < 0) {
        ahead++;
        maxAheadMillis = Math.max(maxAheadMillis, -skew);
      }
    }
    events += n;
  }

  private void rotate(long nowMillis) {
    if (currentStart == Long.MIN_VALUE) {
      currentStart = nowMillis;
      return;
    }
    if (nowMillis - currentStart < periodMillis) {
      return;
    }
    previous =
        nowMillis - currentStart < 2 * periodMillis ? current : KllDoublesSketch.newHeapInstance(K);
    current = KllDoublesSketch.newHeapInstance(K);
    currentStart = nowMillis;
  }

  /** The distribution now, as seen at {@code nowMillis} (which may rotate out an old period). */
  public synchronized Summary summary(long nowMillis) {
    if (currentStart != Long.MIN_VALUE) {
      rotate(nowMillis);
    }
    KllDoublesSketch both = KllDoublesSketch.newHeapInstance(K);
    both.merge(previous);
    both.merge(current);
    if (both.isEmpty()) {
      return new Summary(
          events,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          ahead,
          maxAheadMillis / 1000.0);
    }
    QuantileSearchCriteria c = QuantileSearchCriteria.INCLUSIVE;
    return new Summary(
        events,
        both.getN(),
        both.getMinItem(),
        both.getQuantile(0.5, c),
        both.getQuantile(0.9, c),
        both.getQuantile(0.99, c),
        both.getMaxItem(),
        ahead,
        maxAheadMillis / 1000.0);
  }

  /**
   * The skew of recent arrivals.
   *
   * @param events          events recorded since creation
   * @param recent          events the quantiles are computed over (the last one to two periods)
   * @param min             smallest {@code arrival − event time} of those, seconds (NaN when none)
   * @param p50             median, seconds (NaN when none)
   * @param p90             90th percentile, seconds (NaN when none)
   * @param p99             99th percentile, seconds (NaN when none)
   * @param max             largest, seconds (NaN when none)
   * @param ahead           events since creation whose time was ahead of the arrival clock
   * @param maxAheadSeconds how far the furthest of those was ahead, seconds (0 when none)
   */
  public record Summary(
      long events,
      long recent,
      double min,
      double p50,
      double p90,
      double p99,
      double max,
      long ahead,
      double maxAheadSeconds) {}
}
