package io.mercato.core.experiment;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Users kept out of every arm of an experiment, to measure what personalisation adds in total. A
 * held-out user gets the non-personalised experience; the analysis compares the holdout group with
 * the control arm.
 *
 * <p>Membership is decided by a hash of the user id with a salt of the holdout's own (the global
 * one, or one per campaign), never the experiment's, so it is the same users in every experiment:
 * with shares {@code s1 <= s2} the first experiment's holdout is contained in the second's.
 *
 * @param global    share of users in the global holdout, in {@code [0, MAX_SHARE]}
 * @param campaigns campaign id → share of users held out of that campaign's personalisation, each
 *                  in {@code (0, MAX_SHARE]}; sorted by id; never null
 */
public record Holdouts(double global, Map<String, Double> campaigns) {
  /** Largest share a holdout may take: half of the users. */
  public static final double MAX_SHARE = 0.5;

  /** No holdout. */
  public static final Holdouts NONE = new Holdouts(0, Map.of());

  public Holdouts {
    if (!(global >= 0 && global <= MAX_SHARE)) {
      throw new IllegalArgumentException(
          "global holdout share must be in [0, " + MAX_SHARE + "] but was " + global);
    }
    Objects.requireNonNull(campaigns, "campaigns");
    TreeMap<String, Double> sorted = new TreeMap<>();
    campaigns.forEach(
        (id, share) -> {
          Objects.requireNonNull(id, "campaign id");
          if (share == null || !(share > 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException(
                "holdout share of campaign \""
                    + id
                    + "\" must be in (0, "
                    + MAX_SHARE
                    + "] but was "
                    + share);
          }
          sorted.put(id, share);
        });
    campaigns = Collections.unmodifiableSortedMap(sorted);
  }

  /** True when no user is held out. */
  public boolean none() {
    return global == 0 && campaigns.isEmpty();
  }

  /**
   * The share of users held out by at least one of the holdouts, taking the hashes as independent:
   * {@code 1 − (1 − global) × Π(1 − campaign share)}.
   */
  public double combinedShare() {
    double kept = 1 - global;
    for (double s : campaigns.values()) {
      kept *= 1 - s;
    }
    return 1 - kept;
  }
}
