package io.mercato.core.sketch;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * All-time quantiles of the {@link Event#value() value} of {@code purchase} events for one key, with a
 * KLL doubles sketch (Apache DataSketches). Other event types and purchases without a value are
 * ignored.
 *
 * <p><b>Accuracy.</b> With {@code k = 200} the normalized rank error is about 1.65% (99% confidence):
 * {@code quantile(r)} returns a value whose true rank among all values is within {@code r ± 0.0165}
 * (for 100,000 values: within ±1,650 positions). 1.65% is DataSketches' bound for whole
 * distributions (PMF/CDF, all ranks at once); for one quantile at a time it is tighter, about 1.33%.
 * {@link #rankError()} reports the 1.65%. {@link #count()}, {@link #min()} and
 * {@link #max()} are exact. The error is rank error, not value error: on heavy-tailed values p99 may be
 * far in value from the true p99 while still within 1.65% in rank.
 *
 * <p><b>Memory.</b> Exact below {@code k} values; past that the sketch retains about
 * {@code 3k} ≈ 600 doubles (~5 KB) regardless of the number of values (grows only as
 * {@code log(n / k)} in the worst case).
 *
 * <p><b>Merge</b> is KLL merge: its result satisfies the same rank-error bound as one sketch over all
 * the values, whatever the partitioning and order. KLL compaction flips coins internally (a random
 * source of the library, not seedable), so two runs may return different values within the bound;
 * count, min and max are always identical.
 *
 * <pre>
 * v1: byte version=1 | blob (KllDoublesSketch compact image)
 * </pre>
 */
public final class ValueQuantiles implements Aggregate<ValueQuantiles> {
  static final int VERSION = 1;

  /** Default KLL accuracy parameter: ~1.65% normalized rank error. */
  public static final int DEFAULT_K = 200;

  private final KllDoublesSketch sketch;

  /** Quantiles with {@code k = 200}. */
  public ValueQuantiles() {
    this(DEFAULT_K);
  }

  /** @param k KLL accuracy parameter, 8..65535; rank error roughly proportional to {@code 1/k} */
  public ValueQuantiles(int k) {
    if (k < 8 || k > KllSketch.MAX_K) {
      throw new IllegalArgumentException("k must be in [8, " + KllSketch.MAX_K + "] but was " + k);
    }
    this.sketch = KllDoublesSketch.newHeapInstance(k);
  }

  private ValueQuantiles(KllDoublesSketch sketch) {
    this.sketch = sketch;
  }

  @Override
  public void apply(Event event) {
    if (EventTypes.PURCHASE.equals(event.type()) && event.value() != null) {
      sketch.update(event.value());
    }
  }

  /** Adds one value directly (finite; NaN and infinities are rejected). */
  public void add(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite but was " + value);
    }
    sketch.update(value);
  }

  @Override
  public void merge(ValueQuantiles other) {
    sketch.merge(other.sketch);
  }

  /**
   * The value at normalized rank {@code rank} (inclusive search: the smallest retained value whose
   * rank is at least {@code rank}); 0 gives the minimum, 1 the maximum.
   *
   * @return the quantile, or NaN when no value was seen
   * @throws IllegalArgumentException unless {@code 0 <= rank <= 1}
   */
  public double quantile(double rank) {
    if (!(rank >= 0 && rank <= 1)) {
      throw new IllegalArgumentException("rank must be in [0, 1] but was " + rank);
    }
    return sketch.isEmpty()
        ? Double.NaN
        : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
  }

  /** The median; NaN when empty. */
  public double p50() {
    return quantile(0.5);
  }

  /** The 90th percentile; NaN when empty. */
  public double p90() {
    return quantile(0.9);
  }

  /** The 99th percentile; NaN when empty. */
  public double p99() {
    return quantile(0.99);
  }

  /** The exact number of values seen. */
  public long count() {
    return sketch.getN();
  }

  /** The exact smallest value; NaN when empty. */
  public double min() {
    return sketch.isEmpty() ? Double.NaN : sketch.getMinItem();
  }

  /** The exact largest value; NaN when empty. */
  public double max() {
    return sketch.isEmpty() ? Double.NaN : sketch.getMaxItem();
  }

  /** The normalized rank error at 99% confidence, valid for all ranks at once (0.0165 at k 200). */
  public double rankError() {
    return sketch.getNormalizedRankError(true);
  }

  public int k() {
    return sketch.getK();
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION).writeBlob(sketch.toByteArray());
  }

  /** Decodes what {@link #writeTo} wrote. */
  public static ValueQuantiles read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown ValueQuantiles version " + version);
    }
    byte[] image = in.readBlob();
    try {
      return new ValueQuantiles(KllDoublesSketch.heapify(Memory.wrap(image)));
    } catch (RuntimeException | AssertionError e) {
      throw Corrupt.wrap("KLL sketch", e);
    }
  }
}
