package io.mercato.core.stats;

/**
 * How {@link WindowedCounts} packs one (bucket width, bucket, type, count) into a {@code long} cell,
 * derived once per window configuration:
 *
 * <pre>0 | fine: 1 | (maxAge - age): ageBits | type code: typeBits | count: countBits</pre>
 *
 * The age is stored inverted so that ascending cells run from the oldest bucket to the newest, coarse
 * cells before fine ones, with the types of one bucket together; the top bit stays 0, so signed order
 * is cell order. {@code ageBits} is what the longest retention needs (9 bits with the default
 * windows), so types get {@code 22 - ageBits} bits (13 by default) and counts 40 bits
 * ({@link PackedBuckets#MAX_COUNT}). Only when a retention needs more than 14 age bits (fine buckets
 * beyond ~45 h of allowed lateness, coarse ones beyond ~1.8 years of window) do types keep 8 bits and
 * counts give up the difference (30 bits at the 24-bit maximum of {@link PackedBuckets#MAX_AGE}).
 */
final class CellLayout {
  /** Every fine cell is at least this; every coarse cell below it. */
  static final long FINE = 1L << 62;

  final int countBits;
  final int typeBits;

  /** Shift of the stored (inverted) age. */
  final int ageShift;

  /** Largest age a cell holds; at least every {@link BucketLayout#maxAge} of the configuration. */
  final long maxAge;

  /** Largest code of a type. */
  final int maxCode;

  final long maxCount;
  private final int typeMask;
  private final long finePrefix;

  private CellLayout(int ageBits, int typeBits) {
    this.typeBits = typeBits;
    this.countBits = 62 - ageBits - typeBits;
    this.ageShift = typeBits + countBits;
    this.maxAge = (1L << ageBits) - 1;
    this.typeMask = (1 << typeBits) - 1;
    this.maxCode = typeMask;
    this.maxCount = (1L << countBits) - 1;
    this.finePrefix = FINE >>> countBits;
  }

  /** The layout for ages up to {@code maxAgeBound} (at most {@link PackedBuckets#MAX_AGE} + 1). */
  static CellLayout of(long maxAgeBound) {
    int ageBits = Math.max(1, 64 - Long.numberOfLeadingZeros(maxAgeBound));
    return new CellLayout(ageBits, Math.max(8, 62 - PackedBuckets.COUNT_BITS - ageBits));
  }

  /** The cell without its count: sorts like the cell. {@code 0 <= age <= maxAge}. */
  long prefix(boolean fine, long age, int code) {
    return (fine ? finePrefix : 0) | (maxAge - age) << typeBits | code;
  }

  long age(long cell) {
    return maxAge - ((cell >>> ageShift) & maxAge);
  }

  int code(long cell) {
    return (int) (cell >>> countBits) & typeMask;
  }

  long count(long cell) {
    return cell & maxCount;
  }
}
