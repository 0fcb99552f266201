package io.mercato.app.config;

import io.mercato.core.reco.InteractionWeights;
import io.mercato.core.reco.RecoConfig;
import io.mercato.engine.AlsConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code reco:} section: what the recommenders keep and how they score ({@link RecoConfig}),
 * and when iALS is trained. Lists are comma-separated {@code name=value} pairs so an environment
 * variable or a flag can set them like any other key.
 *
 * @param weights             interaction weight per event type (default {@code view=1,click=2,add_to_cart=3,purchase=5})
 * @param historySize         distinct items remembered per user (default 100)
 * @param itemUsers           most recent users remembered per item, the user-CF fan-out (default 100)
 * @param userNeighbours      neighbours user-CF scores with (default 50)
 * @param cooccurrenceWindow  previous items a newly seen item co-occurs with (default 20)
 * @param cooccurrenceCap     co-occurrence counts kept per item (default 500)
 * @param itemNeighbours      neighbours kept per item (default 50)
 * @param popularityHalfLife  half-life of popularity (default 1d)
 * @param blendMinItems       below this many items {@code auto} uses item-CF alone (default 5)
 * @param blendWeights        the {@code auto} blend (default {@code item_cf=0.5,user_cf=0.3,als=0.2})
 * @param recencyDecay        item-CF weight factor per step back in the user's history (default 0.9)
 * @param idleTtl             users and items idle this long are forgotten (default 30d)
 * @param alsFactors          iALS latent factors (default 64)
 * @param alsIterations       iALS alternating iterations (default 15)
 * @param alsRegularization   iALS L2 regularisation (default 50, validated on MovieLens-100K)
 * @param alsAlpha            iALS confidence slope, {@code c = 1 + alpha·w} (default 10)
 * @param alsTrainInterval    train iALS from the journal this often; 0 trains only on demand (default 1h)
 */
public record RecoSection(
    String weights,
    int historySize,
    int itemUsers,
    int userNeighbours,
    int cooccurrenceWindow,
    int cooccurrenceCap,
    int itemNeighbours,
    Duration popularityHalfLife,
    int blendMinItems,
    String blendWeights,
    double recencyDecay,
    Duration idleTtl,
    int alsFactors,
    int alsIterations,
    double alsRegularization,
    double alsAlpha,
    Duration alsTrainInterval) {

  public RecoSection {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(popularityHalfLife, "popularity-half-life");
    Objects.requireNonNull(blendWeights, "blend-weights");
    Objects.requireNonNull(idleTtl, "idle-ttl");
    Objects.requireNonNull(alsTrainInterval, "als-train-interval");
    toRecoConfig(
        weights,
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        popularityHalfLife,
        blendMinItems,
        blendWeights,
        recencyDecay,
        idleTtl);
    if (alsFactors < 1 || alsFactors > 1024) {
      throw new IllegalArgumentException(
          "reco.als-factors must be in [1, 1024] but was " + alsFactors);
    }
    if (alsIterations < 1 || alsIterations > 1000) {
      throw new IllegalArgumentException(
          "reco.als-iterations must be in [1, 1000] but was " + alsIterations);
    }
    if (!(alsRegularization > 0) || Double.isInfinite(alsRegularization)) {
      throw new IllegalArgumentException(
          "reco.als-regularization must be a finite number > 0 but was " + alsRegularization);
    }
    if (!(alsAlpha >= 0) || Double.isInfinite(alsAlpha)) {
      throw new IllegalArgumentException(
          "reco.als-alpha must be a finite number >= 0 but was " + alsAlpha);
    }
    if (alsTrainInterval.isNegative()) {
      throw new IllegalArgumentException(
          "reco.als-train-interval must not be negative but was " + alsTrainInterval);
    }
  }

  public static RecoSection defaults() {
    RecoConfig d = RecoConfig.defaults();
    return new RecoSection(
        "view=1,click=2,add_to_cart=3,purchase=5",
        d.historySize(),
        d.itemUsers(),
        d.userNeighbours(),
        d.cooccurrenceWindow(),
        d.cooccurrenceCap(),
        d.itemNeighbours(),
        d.popularityHalfLife(),
        d.blendMinItems(),
        "item_cf=0.5,user_cf=0.3,als=0.2",
        d.recencyDecay(),
        d.idleTtl(),
        64,
        15,
        50,
        10,
        Duration.ofHours(1));
  }

  /** The core configuration this section describes. */
  public RecoConfig toRecoConfig() {
    return toRecoConfig(
        weights,
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        popularityHalfLife,
        blendMinItems,
        blendWeights,
        recencyDecay,
        idleTtl);
  }

  /** The engine's iALS settings this section describes. */
  public AlsConfig toAlsConfig() {
    return new AlsConfig(alsFactors, alsIterations, alsRegularization, alsAlpha, alsTrainInterval);
  }

  private static RecoConfig toRecoConfig(
      String weights,
      int historySize,
      int itemUsers,
      int userNeighbours,
      int window,
      int cap,
      int itemNeighbours,
      Duration halfLife,
      int minItems,
      String blend,
      double decay,
      Duration ttl) {
    return new RecoConfig(
        InteractionWeights.parse(weights),
        historySize,
        itemUsers,
        userNeighbours,
        window,
        cap,
        itemNeighbours,
        halfLife,
        minItems,
        RecoConfig.parseBlend(blend),
        decay,
        ttl);
  }
}
