package io.mercato.core.experiment.bandit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A bandit's weights for one period.
 *
 * @param epoch   0 during the burn-in, then 1, 2, ... one per cadence
 * @param from    first instant the weights apply (inclusive)
 * @param until   instant the next allocation takes over (exclusive)
 * @param weights one weight per arm in definition order, each at least the floor, summing to 1
 * @param pBest   the estimated probability that each arm is the best (equal during the burn-in)
 */
public record Allocation(
    long epoch, Instant from, Instant until, double[] weights, double[] pBest) {
  public Allocation {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    weights = weights.clone();
    pBest = pBest.clone();
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] pBest() {
    return pBest.clone();
  }

  /** True during the burn-in, when every arm has the same weight. */
  public boolean burnIn() {
    return epoch == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Allocation a
        && epoch == a.epoch
        && from.equals(a.from)
        && until.equals(a.until)
        && Arrays.equals(weights, a.weights)
        && Arrays.equals(pBest, a.pBest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, from, until, Arrays.hashCode(weights), Arrays.hashCode(pBest));
  }

  @Override
  public String toString() {
    return "Allocation[epoch="
        + epoch
        + ", from="
        + from
        + ", until="
        + until
        + ", weights="
        + Arrays.toString(weights)
        + ", pBest="
        + Arrays.toString(pBest)
        + "]";
  }
}
