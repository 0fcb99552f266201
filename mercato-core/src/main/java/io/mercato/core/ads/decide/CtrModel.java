package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/**
 * Predicted click-through rate of an ad as a Beta posterior, with a prior that borrows strength
 * hierarchically: everything → the campaign → the campaign's ads of the ad's category → the ad.
 * Each level's rate is smoothed toward the level above with {@code strength} pseudo-impressions:
 * {@code rate = (clicks + strength × parentRate) / (impressions + strength)}; the top level starts
 * at {@code globalPrior} (default 1%). The ad's posterior is
 * {@code Beta(strength × prior + clicks, strength × (1 − prior) + impressions − clicks)}, with the
 * ad's own counts taken out of its category prior so they are not counted twice.
 *
 * <p>Exploration is Thompson sampling: a decision ranks ads by a draw from each posterior, so an ad
 * with few impressions (a wide posterior) sometimes draws high and gets traffic, and the draws
 * concentrate on the better ad as evidence accumulates. Thread-safe (stateless).
 */
public final class CtrModel {
  private final double globalPrior;
  private final double strength;

  /**
   * @param globalPrior the CTR assumed before any impression, in (0, 1)
   * @param strength    pseudo-impressions of each prior level, positive
   */
  public CtrModel(double globalPrior, double strength) {
    if (!(globalPrior > 0 && globalPrior < 1)) {
      throw new IllegalArgumentException(
          "global CTR prior must be in (0, 1) but was " + globalPrior);
    }
    if (!(strength > 0)) {
      throw new IllegalArgumentException("prior strength must be positive but was " + strength);
    }
    this.globalPrior = globalPrior;
    this.strength = strength;
  }

  /** The posterior of {@code ad} given the ledger's counts. */
  public Estimate estimate(AdState ledger, Ad ad) {
    return estimate(ledger, ad, new HashMap<>());
  }

  /**
   * The posterior of {@code ad}, with the campaign-level prior rates kept in {@code campaignRates}
   * (campaign id → smoothed rate) so one decision computes each campaign's once.
   */
  public Estimate estimate(AdState ledger, Ad ad, Map<String, Double> campaignRates) {
    double campaign =
        campaignRates.computeIfAbsent(
            ad.campaignId(),
            id -> {
              long[] g = ledger.globalCounts();
              long[] c = ledger.campaignCounts(id);
              return smooth(c[1], c[0], smooth(g[1], g[0], globalPrior));
            });
    long[] k = ledger.campaignCategoryCounts(ad.campaignId(), ad.category());
    long[] a = ledger.adCounts(ad.campaignId(), ad.id());
    double prior = smooth(Math.max(0, k[1] - a[1]), Math.max(0, k[0] - a[0]), campaign);
    long clicks = Math.min(a[1], a[0]);
    double alpha = strength * prior + clicks;
    double beta = strength * (1 - prior) + (a[0] - clicks);
    return new Estimate(alpha, beta, prior, a[0], clicks);
  }

  private double smooth(long clicks, long impressions, double parent) {
    long cl = Math.min(clicks, impressions);
    return (cl + strength * parent) / (impressions + strength);
  }

  /**
   * A Beta posterior of an ad's CTR.
   *
   * @param alpha       prior clicks plus observed clicks
   * @param beta        prior non-clicks plus observed non-clicks
   * @param prior       the prior mean it was built from
   * @param impressions the ad's observed impressions
   * @param clicks      the ad's observed clicks
   */
  public record Estimate(double alpha, double beta, double prior, long impressions, long clicks) {
    /** The posterior mean: the pCTR reported. */
    public double mean() {
      return alpha / (alpha + beta);
    }

    /** One Thompson draw from the posterior. */
    public double sample(UniformRandomProvider rng) {
      return ChengBetaSampler.of(rng, alpha, beta).sample();
    }
  }
}
