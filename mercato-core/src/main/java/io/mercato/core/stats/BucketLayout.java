package io.mercato.core.stats;

/**
 * One bucket width of a {@link io.mercato.core.time.Windows} configuration (fine 10 s or coarse 1 h)
 * with its retention, and the eviction rule on bucket boundaries shared by every aggregate here.
 *
 * <p>Buckets are addressed by <em>age</em>: {@code bucket(newestMillis) - bucket(t)}, so the bucket
 * holding the newest event time has age 0. A bucket {@code [b·w, (b+1)·w)} is kept iff its exclusive
 * end is after the retention cutoff, {@code (b+1)·w > newestMillis - retentionMillis}, i.e. iff it
 * still holds at least one instant at or after the cutoff; equivalently iff its age is at most
 * {@link #maxAge(long)}. Ages are computed without forming {@code newestMillis - retentionMillis}, so
 * extreme timestamps cannot overflow.
 *
 * @param widthMillis     bucket width, positive
 * @param retentionMillis how far back from the newest event time buckets are kept; 0 when no window
 *                        uses this width (the layout is then not maintained at all)
 */
record BucketLayout(long widthMillis, long retentionMillis) {
  BucketLayout {
    if (widthMillis <= 0 || retentionMillis < 0) {
      throw new IllegalArgumentException(
          "bucket width must be positive and retention not negative but were "
              + widthMillis
              + " ms and "
              + retentionMillis
              + " ms");
    }
    // Ages are packed into PackedBuckets.AGE_BITS; refusing here keeps the packing unconditional.
    if (retentionMillis / widthMillis + 1 > PackedBuckets.MAX_AGE) {
      throw new IllegalArgumentException(
          "retention of "
              + retentionMillis
              + " ms is more than "
              + PackedBuckets.MAX_AGE
              + " buckets of "
              + widthMillis
              + " ms; reduce the allowed lateness");
    }
  }

  /** True when some window uses this width. */
  boolean used() {
    return retentionMillis > 0;
  }

  /** One more than the largest age {@link #maxAge} can return; 0 when unused. */
  long maxAgeBound() {
    return used() ? retentionMillis / widthMillis + 1 : 0;
  }

  /** Index of the bucket holding {@code timeMillis} (floor division: negative times work). */
  long bucket(long timeMillis) {
    return Math.floorDiv(timeMillis, widthMillis);
  }

  /**
   * The largest age kept when the newest event time is {@code newestMillis}: {@code R/w}, plus one
   * when the cutoff {@code newestMillis - R} falls inside a bucket rather than on its start (then
   * that partial bucket is kept too). Between {@code R/w} and {@code R/w + 1}.
   */
  long maxAge(long newestMillis) {
    long q = retentionMillis / widthMillis;
    long r = retentionMillis % widthMillis;
    return q + (Math.floorMod(newestMillis, widthMillis) < r ? 1 : 0);
  }

  /**
   * Age of the bucket holding {@code eventMillis} when the newest time is {@code newestMillis}
   * ({@code eventMillis <= newestMillis}), or -1 when that bucket is beyond retention or the layout is
   * unused.
   */
  long keptAge(long eventMillis, long newestMillis) {
    if (!used()) {
      return -1;
    }
    long age = bucket(newestMillis) - bucket(eventMillis);
    return age <= maxAge(newestMillis) ? age : -1;
  }
}
