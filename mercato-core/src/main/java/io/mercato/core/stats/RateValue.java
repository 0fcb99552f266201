package io.mercato.core.stats;

import java.util.Locale;

/**
 * One rate of one scope in one window. Every number here is a rate in [0, 1] or null; see
 * {@link Rates} for the rules.
 *
 * @param raw       {@code successes / trials}; null when that is not a rate ({@link #reason} says why)
 * @param smoothed  the Beta-prior smoothed rate, see {@link Rates#smoothed}; the prior alone when
 *                  there are no trials; null when successes exceed trials, or when there are no
 *                  trials and no prior
 * @param prior     the rate shrunk toward (the global rate of the same window), or null when the global
 *                  counts give no rate (no trials, or more successes than trials): smoothing then
 *                  leaves the raw rate as it is
 * @param successes success events in the window, ≥ 0
 * @param trials    trial events in the window, ≥ 0
 * @param reason    why {@code raw} is null; null when it is not
 */
public record RateValue(
    Double raw, Double smoothed, Double prior, long successes, long trials, Undefined reason) {

  /** Why a rate has no raw value. */
  public enum Undefined {
    /** No trial event in the window (0/0 is unknown, not zero). */
    NO_TRIALS,
    /**
     * More success events than trial events in the window, e.g. clicks without views: successes are
     * not a subset of the trials here (their trials fell before the window, or were never sent), so
     * their ratio is not a rate.
     */
    SUCCESSES_EXCEED_TRIALS;

    /** The machine-readable code, e.g. {@code successes_exceed_trials}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
