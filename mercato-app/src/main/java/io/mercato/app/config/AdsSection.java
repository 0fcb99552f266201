package io.mercato.app.config;

import io.mercato.engine.AdsConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code ads:} section: how ad decisions predict CTR, explore and pace ({@link AdsConfig}).
 *
 * @param ctrPrior         the CTR assumed before any impression, in (0, 1) (default 0.01)
 * @param priorStrength    pseudo-impressions of each prior level (default 100)
 * @param pacingHeadStart  budget time a campaign may spend ahead of the clock (default 1h)
 * @param explorationSeed  seed of the Thompson draws; 0 (default) draws a random one per start
 * @param maxSegmentCost   the most evaluation steps a segment may cost (default 10,000)
 * @param decisionSegmentBudget evaluation steps one decision may spend on segments (default 100,000)
 */
public record AdsSection(
    double ctrPrior,
    double priorStrength,
    Duration pacingHeadStart,
    long explorationSeed,
    long maxSegmentCost,
    long decisionSegmentBudget) {
  public AdsSection {
    Objects.requireNonNull(pacingHeadStart, "pacing-head-start");
    toAdsConfig(
        ctrPrior,
        priorStrength,
        pacingHeadStart,
        explorationSeed,
        maxSegmentCost,
        decisionSegmentBudget); // validates with AdsConfig's messages
  }

  public static AdsSection defaults() {
    AdsConfig d = AdsConfig.defaults();
    return new AdsSection(
        d.ctrPrior(),
        d.priorStrength(),
        d.pacingHeadStart(),
        0,
        d.maxSegmentCost(),
        d.decisionSegmentBudget());
  }

  /** The engine's configuration this section describes. */
  public AdsConfig toAdsConfig() {
    return toAdsConfig(
        ctrPrior,
        priorStrength,
        pacingHeadStart,
        explorationSeed,
        maxSegmentCost,
        decisionSegmentBudget);
  }

  private static AdsConfig toAdsConfig(
      double prior, double strength, Duration headStart, long seed, long maxCost, long budget) {
    return new AdsConfig(prior, strength, headStart, seed == 0 ? null : seed, maxCost, budget);
  }
}
