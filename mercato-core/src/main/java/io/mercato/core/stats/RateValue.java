package io.mercato.core.stats;

/**
 * One rate of one scope in one window.
 *
 * @param raw       {@code successes / trials}; {@code NaN} when there are no trials (0/0 is unknown,
 *                  not zero). May exceed 1 in windowed data: a success can be counted while its trial
 *                  fell before the window or was never sent
 * @param smoothed  the Beta-prior smoothed rate, see {@link Rates#smoothed}; never NaN
 * @param successes success events in the window, ≥ 0
 * @param trials    trial events in the window, ≥ 0
 */
public record RateValue(double raw, double smoothed, long successes, long trials) {}
