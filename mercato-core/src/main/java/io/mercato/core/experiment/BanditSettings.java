package io.mercato.core.experiment;

import java.time.Duration;
import java.util.Objects;

/**
 * How a bandit experiment moves its weights.
 *
 * @param burnIn  time after the start during which every arm gets an equal weight; {@code >= 0}
 * @param cadence how often the weights are recomputed; at least {@link #MIN_CADENCE}
 * @param floor   the least weight any arm keeps, in {@code [0, 1/arms]} (checked by the definition)
 */
public record BanditSettings(Duration burnIn, Duration cadence, double floor) {
  /** Shortest cadence: weights recomputed more often than this would chase noise. */
  public static final Duration MIN_CADENCE = Duration.ofMinutes(1);

  /** Defaults: a day of burn-in, hourly updates, 5% floor per arm. */
  public static final BanditSettings DEFAULTS =
      new BanditSettings(Duration.ofDays(1), Duration.ofHours(1), 0.05);

  public BanditSettings {
    Objects.requireNonNull(burnIn, "burnIn");
    Objects.requireNonNull(cadence, "cadence");
    if (burnIn.isNegative()) {
      throw new IllegalArgumentException("bandit burn-in must not be negative but was " + burnIn);
    }
    if (cadence.compareTo(MIN_CADENCE) < 0) {
      throw new IllegalArgumentException(
          "bandit cadence must be at least " + MIN_CADENCE + " but was " + cadence);
    }
    if (!(floor >= 0 && floor < 1)) {
      throw new IllegalArgumentException("bandit floor must be in [0, 1) but was " + floor);
    }
  }
}
