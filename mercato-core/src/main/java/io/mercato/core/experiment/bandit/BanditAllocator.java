package io.mercato.core.experiment.bandit;

import io.mercato.core.ads.decide.CtrModel;
import io.mercato.core.experiment.BanditSettings;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentMode;
import io.mercato.core.experiment.assign.StableHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The weights of a bandit experiment: Thompson sampling over the arms' primary (binary) metric,
 * recomputed on a fixed cadence.
 *
 * <ul>
 *   <li>Burn-in: from the start until {@code start + burnIn}, every arm weighs {@code 1/k} (epoch 0),
 *       so each arm gathers evidence before the first update.
 *   <li>Then epoch {@code e >= 1} covers {@code [start + burnIn + (e − 1)·cadence, start + burnIn +
 *       e·cadence)}. Its weights come from the arms' successes and exposed users as they stood at the
 *       epoch's start: each arm's rate has a Beta(1 + s, 1 + n − s) posterior, and {@code P(best)} of
 *       each arm is estimated from {@code draws} joint draws with the ads' Thompson sampler
 *       ({@link CtrModel.Estimate#sample}). Assigning by {@code P(best)} is Thompson sampling in
 *       batches.
 *   <li>Floor: {@code w = floor + (1 − k·floor)·P(best)}, so no arm starves and every arm's estimate
 *       keeps improving.
 * </ul>
 * The draws are seeded from {@code (salt, epoch)}, so every node that computes the allocation of an
 * epoch from the same counts gets the same weights. The counts must be the ones at the epoch's start
 * (a snapshot the runtime takes at the boundary); nodes that read different counts would disagree.
 *
 * <p><b>Bias.</b> Bandit estimates are biased: an arm that looked bad early gets fewer users, so its
 * early bad luck is corrected more slowly than a lucky arm's good luck, and arm means computed from
 * adaptively collected data are biased downwards (Nie, Tian, Taylor and Zou, "Why Adaptively Collected
 * Data Have Negative Bias and How to Correct for It", AISTATS 2018). Shares changing over time also
 * confound arms with time (Simpson's paradox when the metric drifts). A bandit is for earning while
 * learning, not for measuring an effect; the analysis says so.
 *
 * <p>Thread-safe (stateless beyond the draw count).
 */
public final class BanditAllocator {
  /** Draws of the default allocator: P(best) to within ±0.005 (one standard error at 0.5). */
  public static final int DEFAULT_DRAWS = 10_000;

  private final int draws;

  public BanditAllocator(int draws) {
    if (draws < 100) {
      throw new IllegalArgumentException("draws must be at least 100 but was " + draws);
    }
    this.draws = draws;
  }

  /**
   * The epoch of {@code d} at {@code now}: 0 during the burn-in (and before the start), then 1, 2, ...
   *
   * @throws IllegalArgumentException when {@code d} is not a started bandit
   */
  public static long epoch(ExperimentDefinition d, Instant now) {
    BanditSettings b = settings(d);
    Instant updates = d.start().plus(b.burnIn());
    if (now.isBefore(updates)) {
      return 0;
    }
    return 1 + Duration.between(updates, now).toMillis() / b.cadence().toMillis();
  }

  /**
   * The allocation in force at {@code now}.
   *
   * @param successes per arm (definition order): exposed users with a 1 on the primary metric at the
   *                  epoch's start
   * @param users     per arm: exposed users at the epoch's start; {@code successes[i] <= users[i]}
   */
  public Allocation allocate(ExperimentDefinition d, Instant now, long[] successes, long[] users) {
    BanditSettings b = settings(d);
    int k = d.arms().size();
    if (successes.length != k || users.length != k) {
      throw new IllegalArgumentException("expected counts of " + k + " arms");
    }
    for (int i = 0; i < k; i++) {
      if (successes[i] < 0 || successes[i] > users[i]) {
        throw new IllegalArgumentException(
            "arm "
                + d.arms().get(i).name()
                + ": successes must be in [0, users] but "
                + "were "
                + successes[i]
                + " of "
                + users[i]);
      }
    }
    long epoch = epoch(d, now);
    Instant updates = d.start().plus(b.burnIn());
    Instant from = epoch == 0 ? d.start() : updates.plus(b.cadence().multipliedBy(epoch - 1));
    Instant until = epoch == 0 ? updates : from.plus(b.cadence());
    double[] pBest = new double[k];
    if (epoch == 0) {
      Arrays.fill(pBest, 1.0 / k);
    } else {
      pBest =
          probabilityBest(
              successes, users, StableHash.hash64(d.salt(), "bandit", Long.toString(epoch)));
    }
    double[] weights = new double[k];
    for (int i = 0; i < k; i++) {
      weights[i] = b.floor() + Math.max(0, 1 - k * b.floor()) * pBest[i];
    }
    return new Allocation(epoch, from, until, weights, pBest);
  }

  /** The share of {@code draws} joint posterior draws in which each arm's draw is the highest. */
  double[] probabilityBest(long[] successes, long[] users, long seed) {
    int k = successes.length;
    CtrModel.Estimate[] posteriors = new CtrModel.Estimate[k];
    for (int i = 0; i < k; i++) {
      double alpha = 1 + successes[i];
      double beta = 1 + users[i] - successes[i];
      posteriors[i] =
          new CtrModel.Estimate(alpha, beta, alpha / (alpha + beta), users[i], successes[i]);
    }
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    long[] wins = new long[k];
    for (int t = 0; t < draws; t++) {
      int best = 0;
      double bestDraw = -1;
      for (int i = 0; i < k; i++) {
        double x = posteriors[i].sample(rng);
        if (x > bestDraw) {
          bestDraw = x;
          best = i;
        }
      }
      wins[best]++;
    }
    double[] p = new double[k];
    for (int i = 0; i < k; i++) {
      p[i] = (double) wins[i] / draws;
    }
    return p;
  }

  private static BanditSettings settings(ExperimentDefinition d) {
    Objects.requireNonNull(d, "definition");
    if (d.mode() != ExperimentMode.BANDIT || d.start() == null) {
      throw new IllegalArgumentException("experiment " + d.key() + " is not a started bandit");
    }
    return d.bandit();
  }
}
