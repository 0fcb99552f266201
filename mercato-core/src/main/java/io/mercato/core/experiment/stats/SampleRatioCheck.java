package io.mercato.core.experiment.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.special.Gamma;

/**
 * The sample-ratio-mismatch check: Pearson's χ² goodness-of-fit test of the exposed users per group
 * against the designed split. A mismatch means users were lost or added unevenly (a serving path that
 * fails to log one arm, bots filtered in one arm), and then no effect estimate can be trusted, however
 * significant. The p-value is {@code Q((k − 1)/2, χ²/2)}, the regularised upper incomplete gamma
 * function (Commons Math), exact in the tail where {@code 1 − CDF} would round to 0.
 *
 * <p>Below {@link #MIN_EXPECTED} expected users in some group the χ² approximation is poor, so the
 * check answers "not enough data" ({@link Result#checked()} false) rather than a verdict.
 */
public final class SampleRatioCheck {
  /** The least expected count per group before the test is run (Cochran's rule). */
  public static final double MIN_EXPECTED = 5;

  private SampleRatioCheck() {}

  /**
   * The test's result.
   *
   * @param observed       exposed users per group
   * @param expectedShares the designed share of each group, summing to 1
   * @param chiSquared     Pearson's statistic; NaN when not checked
   * @param pValue         P(χ²_{k−1} ≥ statistic); 1 when not checked
   * @param threshold      the p-value below which a mismatch is flagged
   * @param checked        false when some group expects fewer than {@link #MIN_EXPECTED} users
   */
  public record Result(
      List<Long> observed,
      List<Double> expectedShares,
      double chiSquared,
      double pValue,
      double threshold,
      boolean checked) {
    /** True when the split is flagged: checked and {@code pValue < threshold}. */
    public boolean mismatch() {
      return checked && pValue < threshold;
    }
  }

  /**
   * Tests {@code observed} against {@code expectedShares} (normalised here; groups of share 0 must be
   * empty, else the mismatch is certain).
   *
   * @param threshold flag below this p-value, e.g. 0.001
   */
  public static Result check(long[] observed, double[] expectedShares, double threshold) {
    Objects.requireNonNull(observed, "observed");
    if (observed.length != expectedShares.length || observed.length < 2) {
      throw new IllegalArgumentException("need at least two groups, one share per observed count");
    }
    double shareSum = Arrays.stream(expectedShares).sum();
    long total = Arrays.stream(observed).sum();
    double[] shares = Arrays.stream(expectedShares).map(s -> s / shareSum).toArray();
    List<Long> obs = Arrays.stream(observed).boxed().toList();
    List<Double> exp = Arrays.stream(shares).boxed().toList();
    double chi2 = 0;
    int groups = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = total * shares[i];
      if (shares[i] == 0) {
        if (observed[i] > 0) {
          return new Result(obs, exp, Double.POSITIVE_INFINITY, 0, threshold, true);
        }
        continue;
      }
      if (expected < MIN_EXPECTED) {
        return new Result(obs, exp, Double.NaN, 1, threshold, false);
      }
      double d = observed[i] - expected;
      chi2 += d * d / expected;
      groups++;
    }
    double p = groups < 2 ? 1 : Gamma.regularizedGammaQ((groups - 1) / 2.0, chi2 / 2);
    return new Result(obs, exp, chi2, p, threshold, groups >= 2);
  }
}
