package io.mercato.core.experiment.stats;

/**
 * An anytime-valid test of a difference in means: the normal-mixture sequential probability ratio
 * test (mSPRT) of Johari, Koomen, Pekelis and Walsh, "Always Valid Inference: Continuous Monitoring of
 * A/B Tests" (Operations Research 70(3), 2022), equivalently the normal-mixture confidence sequence of
 * Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences" (Annals of Statistics 49(2), 2021).
 *
 * <p>With the estimate {@code d} of the difference and its variance {@code V} (σ²_A/n_A + σ²_B/n_B),
 * the mixture likelihood ratio against "no difference", mixing the alternative over N(0, τ²), is
 * <pre>  Λ = sqrt(V / (V + τ²)) · exp(d² τ² / (2 V (V + τ²)))</pre>
 * Under the null it is a non-negative martingale in the users, so by Ville's inequality
 * {@code P(Λ ever reaches 1/α) <= α}: the experiment may be looked at after every user and stopped at
 * the first look where {@code p = min(1, 1/Λ) <= α}, and the false-positive rate stays at most α. The
 * confidence sequence, every δ not rejected, is
 * <pre>  d ± sqrt(V (V + τ²) / τ² · (2 ln(1/α) + ln((V + τ²) / V)))</pre>
 * and covers the true difference at every look at once with probability at least 1 − α.
 *
 * <p>The mixing variance is tuned to the experiment's planned size: {@code τ² = r · V · N / N*} with
 * {@code N} the users of both groups now and {@code N*} the planned users. {@code V · N} is (up to the
 * noise in the variance estimate) a constant, so τ² is fixed; {@code r} is the ratio τ²/V that makes
 * the interval narrowest when {@code N = N*} (it minimises {@code (1 + r)/r · (2 ln(1/α) + ln(1 + r))},
 * r ≈ 8 for α = 0.05). The price of peeking freely is a wider interval than a fixed-horizon one at the
 * same size: about 1.55× at N* for α = 0.05, more far from it.
 *
 * <p>Assumptions: the per-user values are independent, and their means close enough to normal
 * (central limit theorem: hundreds of users per group; {@code minUsers} holds the verdict back until
 * then); the variance is a plug-in estimate, which the guarantee tolerates asymptotically. Stateless:
 * each look reports the test at that look; intersecting the intervals over looks (a running minimum of
 * p) would only tighten them and is left to the caller. Thread-safe and immutable.
 */
public final class MixtureSequentialTest {
  private final double plannedUsers;

  /** @param plannedUsers {@code N*}, users of both groups at which the sequence is tuned; positive */
  public MixtureSequentialTest(double plannedUsers) {
    if (!(plannedUsers > 0) || Double.isInfinite(plannedUsers)) {
      throw new IllegalArgumentException(
          "planned users must be positive and finite but was " + plannedUsers);
    }
    this.plannedUsers = plannedUsers;
  }

  /**
   * One look.
   *
   * @param difference the estimated difference (treatment − control)
   * @param lower      lower end of the confidence sequence; −∞ when there is no evidence yet
   * @param upper      upper end; +∞ when there is no evidence yet
   * @param pValue     the always-valid p-value at this look, {@code min(1, 1/Λ)}, in (0, 1]
   * @param alpha      the level the interval was built for
   */
  public record Result(double difference, double lower, double upper, double pValue, double alpha) {
    /** True when the interval excludes 0: the difference is significant at level α. */
    public boolean significant() {
      return lower > 0 || upper < 0;
    }

    /** No evidence: an infinite interval and p = 1. */
    static Result none(double difference, double alpha) {
      return new Result(difference, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1, alpha);
    }
  }

  /**
   * Tests a difference at level {@code alpha}.
   *
   * @param difference the estimate {@code d}
   * @param variance   its variance {@code V}; {@code <= 0} or not finite gives no evidence
   * @param users      {@code N}, the users of both groups
   * @param alpha      the level, in (0, 1)
   */
  public Result test(double difference, double variance, long users, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1) but was " + alpha);
    }
    if (!(variance > 0)
        || Double.isInfinite(variance)
        || users <= 0
        || !Double.isFinite(difference)) {
      return Result.none(difference, alpha);
    }
    double tau2 = optimalRatio(alpha) * variance * users / plannedUsers;
    double sum = variance + tau2;
    double logLambda =
        0.5 * Math.log(variance / sum) + difference * difference * tau2 / (2 * variance * sum);
    double p = Math.min(1, Math.exp(-logLambda));
    double halfWidth =
        Math.sqrt(variance * sum / tau2 * (2 * Math.log(1 / alpha) + Math.log(sum / variance)));
    return new Result(difference, difference - halfWidth, difference + halfWidth, p, alpha);
  }

  /**
   * The ratio r = τ²/V that minimises the half-width {@code sqrt(V (1 + r)/r (2 ln(1/α) + ln(1 + r)))}
   * at a given V: a ternary search over ln r in [−5, 12] (the function is unimodal there).
   */
  static double optimalRatio(double alpha) {
    double twoLog = 2 * Math.log(1 / alpha);
    double lo = -5;
    double hi = 12;
    for (int i = 0; i < 100; i++) {
      double a = lo + (hi - lo) / 3;
      double b = hi - (hi - lo) / 3;
      if (width(Math.exp(a), twoLog) < width(Math.exp(b), twoLog)) {
        hi = b;
      } else {
        lo = a;
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  private static double width(double r, double twoLog) {
    return (1 + r) / r * (twoLog + Math.log1p(r));
  }
}
