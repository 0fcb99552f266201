package io.mercato.core.stats;

import io.mercato.core.time.Window;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Smoothed rates (CTR, CVR) from {@link WindowedCounts}.
 *
 * <h2>The prior</h2>
 * A scope's rate (an item's CTR, a campaign's CVR) is estimated as the mean of a Beta posterior whose
 * prior is centred on the global rate of the same window: {@code Beta(α = priorRate·k, β = (1 -
 * priorRate)·k)} with {@code k} pseudo-trials, which gives {@code (successes + priorRate·k) / (trials +
 * k)}. A scope with 3 views and 1 click is thus not reported at 33 % CTR but pulled toward the global
 * CTR, while one with 100 000 views stays at its own rate. {@code k} is the prior strength, by default
 * {@value #DEFAULT_PRIOR_STRENGTH}: the scope's own data outweighs the prior once it has more than 10
 * trials. {@code priorRate} is the global {@code successes / trials} at the same window and time; when
 * the global has no trials either it is 0, so a rate with no evidence anywhere is 0 (with 0 trials in
 * the result, which tells the caller it is not a measurement).
 */
public final class Rates {
  /** Default prior strength in pseudo-trials. */
  public static final double DEFAULT_PRIOR_STRENGTH = 10;

  private Rates() {}

  /**
   * {@code (successes + priorRate·priorStrength) / (trials + priorStrength)}; {@code priorRate} when
   * the denominator is 0 (no trials and no prior weight: nothing to go on but the prior's centre).
   * The result is not clamped to [0, 1]: windowed successes can outnumber trials.
   *
   * @param successes     ≥ 0
   * @param trials        ≥ 0
   * @param priorRate     finite, ≥ 0; the rate to shrink toward (usually the global rate)
   * @param priorStrength finite, ≥ 0; pseudo-trials given to the prior (0 gives the raw rate)
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static double smoothed(long successes, long trials, double priorRate, double priorStrength) {
    if (successes < 0 || trials < 0) {
      throw new IllegalArgumentException("successes and trials must not be negative but were " + successes + " and "
          + trials);
    }
    if (!(priorRate >= 0) || Double.isInfinite(priorRate)) {
      throw new IllegalArgumentException("prior rate must be finite and not negative but was " + priorRate);
    }
    if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
      throw new IllegalArgumentException("prior strength must be finite and not negative but was " + priorStrength);
    }
    double denominator = trials + priorStrength;
    return denominator == 0 ? priorRate : (successes + priorRate * priorStrength) / denominator;
  }

  /** {@code successes / trials}, {@code NaN} when {@code trials == 0}. */
  public static double raw(long successes, long trials) {
    return trials == 0 ? Double.NaN : (double) successes / trials;
  }

  /** {@link #rates(List, WindowedCounts, WindowedCounts, Window, long, double)} for {@link RateDefinition#DEFAULTS}. */
  public static Map<String, RateValue> rates(WindowedCounts scope, WindowedCounts global, Window w, long nowMillis,
      double priorStrength) {
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
  public static Map<String, RateValue> rates(List<RateDefinition> definitions, WindowedCounts scope,
      WindowedCounts global, Window w, long nowMillis, double priorStrength) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(global, "global");
    Map<String, RateValue> out = new LinkedHashMap<>();
    for (RateDefinition d : definitions) {
      long s = scope.count(d.successType(), w, nowMillis);
      long t = scope.count(d.trialType(), w, nowMillis);
      long gs = global.count(d.successType(), w, nowMillis);
      long gt = global.count(d.trialType(), w, nowMillis);
      double prior = gt == 0 ? 0 : (double) gs / gt;
      out.put(d.name(), new RateValue(raw(s, t), smoothed(s, t, prior, priorStrength), s, t));
    }
    return Collections.unmodifiableMap(out);
  }
}
