package io.mercato.engine;

import io.mercato.core.ads.decide.DecisionService;
import io.mercato.core.ads.segment.SegmentCompiler;
import java.time.Duration;
import java.util.Objects;

/**
 * How ad decisions predict CTR, explore and pace.
 *
 * @param ctrPrior        the CTR assumed before any impression, in (0, 1) (default 0.01)
 * @param priorStrength   pseudo-impressions of each prior level (default 100): how many impressions
 *                        an ad needs before its own clicks outweigh its campaign's and category's
 * @param pacingHeadStart budget time a campaign may spend ahead of the clock, 0–24h (default 1h)
 * @param explorationSeed seed of the Thompson draws for reproducible runs, or null (default) for a
 *                        random one
 * @param maxSegmentCost  the most evaluation steps a campaign's segment may cost in the worst case; a
 *                        costlier condition is refused when the campaign is written (default 10,000)
 * @param decisionSegmentBudget evaluation steps one decision may spend on segments, each evaluation
 *                        charged its estimated cost plus {@link io.mercato.core.ads.decide.DecisionService#EVALUATION_STEPS};
 *                        campaigns beyond it are skipped (default 100,000)
 */
public record AdsConfig(
    double ctrPrior,
    double priorStrength,
    Duration pacingHeadStart,
    Long explorationSeed,
    long maxSegmentCost,
    long decisionSegmentBudget) {
  /** Default {@link #maxSegmentCost()}. */
  public static final long DEFAULT_MAX_SEGMENT_COST = SegmentCompiler.DEFAULT_MAX_COST;

  /** Default {@link #decisionSegmentBudget()}. */
  public static final long DEFAULT_DECISION_SEGMENT_BUDGET = DecisionService.DEFAULT_SEGMENT_BUDGET;

  /** The default segment limits. */
  public AdsConfig(
      double ctrPrior, double priorStrength, Duration pacingHeadStart, Long explorationSeed) {
    this(
        ctrPrior,
        priorStrength,
        pacingHeadStart,
        explorationSeed,
        DEFAULT_MAX_SEGMENT_COST,
        DEFAULT_DECISION_SEGMENT_BUDGET);
  }

  public AdsConfig {
    if (maxSegmentCost < 1) {
      throw new IllegalArgumentException(
          "ads max-segment-cost must be positive but was " + maxSegmentCost);
    }
    if (decisionSegmentBudget < maxSegmentCost) {
      throw new IllegalArgumentException(
          "ads decision-segment-budget must be at least max-segment-cost ("
              + maxSegmentCost
              + ") but was "
              + decisionSegmentBudget);
    }
    Objects.requireNonNull(pacingHeadStart, "ads pacing-head-start");
    if (!(ctrPrior > 0 && ctrPrior < 1)) {
      throw new IllegalArgumentException("ads ctr-prior must be in (0, 1) but was " + ctrPrior);
    }
    if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
      throw new IllegalArgumentException(
          "ads prior-strength must be positive but was " + priorStrength);
    }
    if (pacingHeadStart.isNegative() || pacingHeadStart.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "ads pacing-head-start must be between 0 and 24h but was " + pacingHeadStart);
    }
  }

  public static AdsConfig defaults() {
    return new AdsConfig(0.01, 100, Duration.ofHours(1), null);
  }

  /** A copy with another exploration seed. */
  public AdsConfig withSeed(Long seed) {
    return new AdsConfig(
        ctrPrior, priorStrength, pacingHeadStart, seed, maxSegmentCost, decisionSegmentBudget);
  }
}
