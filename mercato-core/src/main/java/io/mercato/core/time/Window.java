package io.mercato.core.time;

import java.util.Objects;

/**
 * A sliding event-time window such as {@code 10m}, counted in whole time buckets.
 *
 * <p>At reference time {@code now} (epoch ms) the window covers the {@link #buckets()} buckets that
 * end with the one containing {@code now}: event times in
 * {@code [bucketStart(now) - (buckets - 1) * bucketMillis, bucketStart(now) + bucketMillis)}. Its
 * effective span is therefore between {@code length - bucket} and {@code length}: the 1m window with
 * 10-second buckets at 12:00:35 covers 11:59:40.000–12:00:39.999. Bucket alignment is what keeps
 * per-key memory bounded and makes the result independent of arrival order.
 *
 * @param name         the public name, e.g. {@code 1m}, {@code 24h}
 * @param lengthMillis window length, a positive multiple of {@code bucketMillis}
 * @param bucketMillis bucket width
 */
public record Window(String name, long lengthMillis, long bucketMillis) {
  public Window {
    Objects.requireNonNull(name, "window name");
    if (bucketMillis <= 0 || lengthMillis <= 0 || lengthMillis % bucketMillis != 0) {
      throw new IllegalArgumentException(
          "window "
              + name
              + " must be a positive multiple of its bucket width "
              + bucketMillis
              + " ms but is "
              + lengthMillis
              + " ms");
    }
  }

  /** Number of buckets the window spans. */
  public int buckets() {
    return (int) (lengthMillis / bucketMillis);
  }

  /** Index of the bucket holding {@code timeMillis} (floor division, so negative times work too). */
  public long bucketIndex(long timeMillis) {
    return Math.floorDiv(timeMillis, bucketMillis);
  }

  /** First bucket index covered at {@code nowMillis}. */
  public long firstBucket(long nowMillis) {
    return bucketIndex(nowMillis) - buckets() + 1;
  }

  /** Inclusive start of the covered event-time range at {@code nowMillis}. */
  public long startMillis(long nowMillis) {
    return firstBucket(nowMillis) * bucketMillis;
  }

  /** Exclusive end of the covered event-time range at {@code nowMillis}. */
  public long endMillis(long nowMillis) {
    return (bucketIndex(nowMillis) + 1) * bucketMillis;
  }

  /** True if an event at {@code eventMillis} is inside the window at {@code nowMillis}. */
  public boolean covers(long eventMillis, long nowMillis) {
    return eventMillis >= startMillis(nowMillis) && eventMillis < endMillis(nowMillis);
  }
}
