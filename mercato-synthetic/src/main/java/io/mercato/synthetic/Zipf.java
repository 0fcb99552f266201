package io.mercato.synthetic;

import java.util.random.RandomGenerator;

/**
 * Samples ranks {@code 0 .. n-1} from a Zipf distribution: rank {@code k} (0-based) has probability
 * proportional to {@code 1 / (k + 1)^exponent}. With exponent 1.0 and n = 200, the top rank gets about
 * 17% of all draws and the top 10% of ranks about 60%; exponent 0 is uniform.
 *
 * <p>Sampling is a binary search over the precomputed cumulative distribution: O(log n) per draw,
 * O(n) memory (8 bytes per rank), O(n) construction. Immutable and thread-safe; the randomness is
 * passed in, so a seeded generator gives a reproducible sequence.
 *
 * <p>Why not Apache Commons RNG's {@code ZipfSampler}: it would add a dependency to every module that
 * uses the generator for thirty lines of code, it needs Commons RNG's own {@code UniformRandomProvider}
 * rather than the JDK's {@link RandomGenerator} the rest of Mercato passes around, and its
 * rejection-inversion sampler, while O(1), gives no exact per-rank probability to test against. Catalogs
 * here have at most a few thousand items per category, so the table costs nothing.
 */
public final class Zipf {
  private final double exponent;
  private final double[] cdf;

  /**
   * @param n        number of ranks, at least 1
   * @param exponent skew, at least 0 (0 = uniform; real item popularity is usually 0.8–1.2)
   */
  public Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("zipf size must be at least 1 but was " + n);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException(
          "zipf exponent must be a finite number >= 0 but was " + exponent);
    }
    this.exponent = exponent;
    this.cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, exponent);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    cdf[n - 1] = 1.0; // guard against rounding: every uniform draw in [0, 1) must land on a rank
  }

  /** Number of ranks. */
  public int size() {
    return cdf.length;
  }

  public double exponent() {
    return exponent;
  }

  /** Exact probability of {@code rank} (0-based), or 0 outside {@code [0, size)}. */
  public double probability(int rank) {
    if (rank < 0 || rank >= cdf.length) {
      return 0;
    }
    return rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1];
  }

  /** Draws a rank in {@code [0, size)}; rank 0 is the most likely. */
  public int sample(RandomGenerator random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) { // first index whose cumulative probability exceeds u
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
