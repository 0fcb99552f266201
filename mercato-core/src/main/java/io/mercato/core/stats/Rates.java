package io.mercato.core.stats;

import io.mercato.core.time.Window;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rates (CTR, CVR) from {@link WindowedCounts}, each in [0, 1] or undefined.
 *
 * <h2>When a ratio is a rate</h2>
 * A rate {@code successes / trials} is a probability only when the successes are a subset of the
 * trials. Window counts do not guarantee that: a click can be counted while its view fell before the
 * window, and a client may send purchases and no clicks at all (one stream had 1,750 purchases and
 * no click, which made a "CVR" of 175). Rather than clamp such a ratio to 1, which would report a
 * certainty nobody measured, a window with more successes than trials has no rate: {@code raw} and
 * {@code smoothed} are null and {@link RateValue.Undefined#SUCCESSES_EXCEED_TRIALS} says why. A window
 * without trials has no raw rate either ({@link RateValue.Undefined#NO_TRIALS}).
 *
 * <h2>The prior</h2>
 * A scope's rate (an item's CTR, a campaign's CVR) is estimated as the mean of a Beta posterior whose
 * prior is centred on the global rate of the same window: {@code Beta(α = priorRate·k, β = (1 -
 * priorRate)·k)} with {@code k} pseudo-trials, which gives {@code (successes + priorRate·k) / (trials +
 * k)}. A scope with 3 views and 1 click is thus not reported at 33 % CTR but pulled toward the global
 * CTR, while one with 100 000 views stays at its own rate. {@code k} is the prior strength, by default
 * {@value #DEFAULT_PRIOR_STRENGTH}: the scope's own data outweighs the prior once it has more than 10
 * trials. {@code priorRate} is the global {@code successes / trials} at the same window and time when
 * that is a rate by the rule above; when it is not (no global trials, or more global successes than
 * trials) there is no prior, and the smoothed rate is the raw one (or null without trials). Since both
 * the data and the prior are in [0, 1], so is every smoothed rate.
 */
public final class Rates {
  /** Default prior strength in pseudo-trials. */
  public static final double DEFAULT_PRIOR_STRENGTH = 10;

  private Rates() {}

  /**
   * {@code (successes + priorRate·priorStrength) / (trials + priorStrength)}; {@code priorRate} when
   * the denominator is 0 (no trials and no prior weight: nothing to go on but the prior's centre).
   * In [0, 1].
   *
   * @param successes     ≥ 0 and at most {@code trials}
   * @param trials        ≥ 0
   * @param priorRate     in [0, 1]; the rate to shrink toward (usually the global rate)
   * @param priorStrength finite, ≥ 0; pseudo-trials given to the prior (0 gives the raw rate)
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static double smoothed(
      long successes, long trials, double priorRate, double priorStrength) {
    if (successes < 0 || trials < 0) {
      throw new IllegalArgumentException(
          "successes and trials must not be negative but were " + successes + " and " + trials);
    }
    if (successes > trials) {
      throw new IllegalArgumentException(
          "successes must not exceed trials but were " + successes + " and " + trials);
    }
    if (!(priorRate >= 0 && priorRate <= 1)) {
      throw new IllegalArgumentException("prior rate must be in [0, 1] but was " + priorRate);
    }
    if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
      throw new IllegalArgumentException(
          "prior strength must be finite and not negative but was " + priorStrength);
    }
    double denominator = trials + priorStrength;
    return denominator == 0 ? priorRate : (successes + priorRate * priorStrength) / denominator;
  }

  /**
   * {@code successes / trials} when that is a rate, i.e. {@code 0 <= successes <= trials} and
   * {@code trials > 0}; otherwise null.
   */
  public static Double raw(long successes, long trials) {
    return trials == 0 || successes > trials || successes < 0 ? null : (double) successes / trials;
  }

  /** Why {@link #raw} is null for these counts, or null when it is not. */
  public static RateValue.Undefined undefined(long successes, long trials) {
    if (successes > trials) {
      return RateValue.Undefined.SUCCESSES_EXCEED_TRIALS;
    }
    return trials == 0 ? RateValue.Undefined.NO_TRIALS : null;
  }

  /**
   * The rate of {@code successes} in {@code trials} smoothed toward {@code priorRate}, by the rules of
   * this class.
   *
   * @param priorRate     in [0, 1], or null for none (then smoothed = raw)
   * @param priorStrength finite, ≥ 0
   * @throws IllegalArgumentException when a count is negative or an argument is out of range
   */
  public static RateValue rate(
      long successes, long trials, Double priorRate, double priorStrength) {
    if (successes < 0 || trials < 0) {
      throw new IllegalArgumentException(
          "successes and trials must not be negative but were " + successes + " and " + trials);
    }
    Double raw = raw(successes, trials);
    RateValue.Undefined why = undefined(successes, trials);
    Double smoothed;
    if (why == RateValue.Undefined.SUCCESSES_EXCEED_TRIALS) {
      smoothed = null;
    } else if (priorRate == null) {
      smoothed = raw;
    } else {
      smoothed = smoothed(successes, trials, priorRate, priorStrength);
    }
    return new RateValue(raw, smoothed, priorRate, successes, trials, why);
  }

  /** {@link #rates(List, WindowedCounts, WindowedCounts, Window, long, double)} for {@link RateDefinition#DEFAULTS}. */
  public static Map<String, RateValue> rates(
      WindowedCounts scope, WindowedCounts global, Window w, long nowMillis, double priorStrength) {
    return rates(RateDefinition.DEFAULTS, scope, global, w, nowMillis, priorStrength);
  }

  /**
   * Each definition's rate for {@code scope}, smoothed toward {@code global}'s rate in the same window
   * {@code w} at {@code nowMillis}. Passing the global counts as the scope returns the global raw rate
   * as the smoothed one (shrinking toward itself changes nothing). O(definitions · count cost).
   *
   * @return name → value in the order of {@code definitions}; unmodifiable
   * @throws IllegalArgumentException when {@code w} is not a window of both aggregates, or
   *     {@code priorStrength} is out of range
   */
  public static Map<String, RateValue> rates(
      List<RateDefinition> definitions,
      WindowedCounts scope,
      WindowedCounts global,
      Window w,
      long nowMillis,
      double priorStrength) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(global, "global");
    Map<String, RateValue> out = new LinkedHashMap<>();
    for (RateDefinition d : definitions) {
      long s = scope.count(d.successType(), w, nowMillis);
      long t = scope.count(d.trialType(), w, nowMillis);
      long gs = global.count(d.successType(), w, nowMillis);
      long gt = global.count(d.trialType(), w, nowMillis);
      out.put(d.name(), rate(s, t, raw(gs, gt), priorStrength));
    }
    return Collections.unmodifiableMap(out);
  }
}
