package io.mercato.core.stats;

/**
 * The limits of {@link WindowedCounts}' packed cells that do not depend on the configuration.
 * See {@link CellLayout} for the packing itself.
 */
final class PackedBuckets {
  /** Bits of a count with the usual configurations (see {@link CellLayout}). */
  static final int COUNT_BITS = 40;

  /** Largest count one bucket can hold with the usual configurations: 2^40 - 1 ≈ 1.1·10^12 events. */
  static final long MAX_COUNT = (1L << COUNT_BITS) - 1;

  /** Largest retention in buckets of one width: 2^24 - 1 (over 5 years of 10-second buckets). */
  static final long MAX_AGE = (1L << 24) - 1;

  private PackedBuckets() {}
}
