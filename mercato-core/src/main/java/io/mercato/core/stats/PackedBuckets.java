package io.mercato.core.stats;

import java.util.Arrays;

/**
 * Operations on one sparse bucket series: an exactly-sized {@code long[]} of packed
 * {@code (age, count)} entries sorted by ascending age, without duplicates and without zero counts.
 *
 * <p>Packing: {@code age << COUNT_BITS | count}, age in the top {@value #AGE_BITS} bits, count in
 * the low {@value #COUNT_BITS} bits. One entry is 8 bytes; a boxed map entry would be ~10 times that.
 * Ages are relative to the newest bucket, so they stay small whatever the absolute time (any
 * {@code long} timestamp works) and eviction is a truncation of the tail. Because ages are sorted,
 * packed values sort the same way, and an age shift is one addition per entry.
 *
 * <p>Arrays are exactly sized (no slack): a new bucket reallocates the series, which costs
 * O(entries) — the same order as the insertion shift a slack array would need anyway — and keeps
 * idle keys, the vast majority, at their minimal size. Arrays are mutated in place only by
 * {@link #increment} and {@link #shift}; callers must not share them between aggregates.
 */
final class PackedBuckets {
  static final int COUNT_BITS = 40;
  static final int AGE_BITS = 64 - COUNT_BITS;
  /** Largest count one bucket can hold: 2^40 - 1 ≈ 1.1·10^12 events. */
  static final long MAX_COUNT = (1L << COUNT_BITS) - 1;
  /** Largest age that packs: 2^24 - 1 buckets (over 5 years of 10-second buckets). */
  static final long MAX_AGE = (1L << AGE_BITS) - 1;
  static final long[] EMPTY = new long[0];

  private PackedBuckets() {}

  static long pack(long age, long count) {
    return age << COUNT_BITS | count;
  }

  static long age(long entry) {
    return entry >>> COUNT_BITS;
  }

  static long count(long entry) {
    return entry & MAX_COUNT;
  }

  /** First index whose age is {@code >= age} (a.length if none). O(log n). */
  static int lowerBound(long[] a, long age) {
    // Almost every event lands in the newest bucket (age 0, the first entry): answer that at once.
    if (a.length == 0 || age(a[0]) >= age) {
      return 0;
    }
    int lo = 1;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (age(a[mid]) < age) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Count at {@code age}, 0 if absent. O(log n). */
  static long countAt(long[] a, long age) {
    int i = lowerBound(a, age);
    return i < a.length && age(a[i]) == age ? count(a[i]) : 0;
  }

  /**
   * Adds {@code n > 0} at {@code age} (0 ≤ age ≤ MAX_AGE); the caller has checked that the sum stays
   * within {@link #MAX_COUNT}. Returns {@code a} (updated in place) or a new array with the entry
   * inserted. O(log n) for an existing bucket, O(n) for a new one.
   */
  static long[] increment(long[] a, long age, long n) {
    int i = lowerBound(a, age);
    if (i < a.length && age(a[i]) == age) {
      a[i] += n;
      return a;
    }
    long[] b = new long[a.length + 1];
    System.arraycopy(a, 0, b, 0, i);
    b[i] = pack(age, n);
    System.arraycopy(a, i, b, i + 1, a.length - i);
    return b;
  }

  /**
   * Ages every entry by {@code delta ≥ 0} buckets and drops those older than {@code maxAge}.
   * Returns {@code a} (shifted in place), a truncated copy, or {@link #EMPTY}. O(n).
   */
  static long[] shift(long[] a, long delta, long maxAge) {
    // Entries are sorted, so the survivors are a prefix: those with age + delta <= maxAge.
    int keep = maxAge - delta < 0 ? 0 : lowerBound(a, maxAge - delta + 1);
    if (delta != 0) {
      long add = delta << COUNT_BITS;
      for (int i = 0; i < keep; i++) {
        a[i] += add;
      }
    }
    return keep == a.length ? a : keep == 0 ? EMPTY : Arrays.copyOf(a, keep);
  }

  /** Sum of counts with age in {@code [minAge, maxAge]}. O(log n + k). */
  static long sum(long[] a, long minAge, long maxAge) {
    long s = 0;
    for (int i = lowerBound(a, minAge); i < a.length && age(a[i]) <= maxAge; i++) {
      s += count(a[i]);
    }
    return s;
  }

  /**
   * A new series holding {@code a} aged by {@code da} plus {@code b} aged by {@code db}, entries older
   * than {@code maxAge} dropped; inputs unchanged. O(|a| + |b|).
   *
   * @throws ArithmeticException when a bucket would exceed {@link #MAX_COUNT}
   */
  static long[] merge(long[] a, long da, long[] b, long db, long maxAge) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (true) {
      long ageA = i < a.length ? age(a[i]) + da : Long.MAX_VALUE;
      long ageB = j < b.length ? age(b[j]) + db : Long.MAX_VALUE;
      long age = Math.min(ageA, ageB);
      if (age > maxAge) {
        break; // both sides are sorted: everything after is older still
      }
      long c = 0;
      if (ageA == age) {
        c += count(a[i++]);
      }
      if (ageB == age) {
        c += count(b[j++]);
      }
      if (c > MAX_COUNT) {
        throw new ArithmeticException("a bucket count would exceed " + MAX_COUNT);
      }
      out[k++] = pack(age, c);
    }
    return k == 0 ? EMPTY : k == out.length ? out : Arrays.copyOf(out, k);
  }
}
