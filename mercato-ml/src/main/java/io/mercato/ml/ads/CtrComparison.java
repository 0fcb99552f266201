package io.mercato.ml.ads;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.decide.AdLedger;
import io.mercato.core.ads.decide.CtrModel;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.event.Event;
import io.mercato.core.reco.RecoConfig;
import io.mercato.ml.rank.EventLogState;
import io.mercato.ml.rank.LightGbmRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline comparison of a learned pCTR (LightGBM, binary log loss, over {@link CtrFeatures}) with the
 * hierarchical Beta posterior ({@link CtrModel}) serving uses today, on an impression log.
 *
 * <p>The browsing events and the impressions are replayed together in time order (browsing first on
 * equal times). At each impression both predictions are taken from the state as it was (point in
 * time: the posterior from the ledger's counts so far, the features from the live state so far), then
 * the impression — and its click — are applied to the ledger. Impressions before {@code cutMillis}
 * train the learned model; the rest are the test, on which both are scored with {@link CtrMetrics}.
 * The learned model is fixed during the test while the posterior keeps learning, as each would serve.
 */
public final class CtrComparison {
  /** LightGBM settings of the learned pCTR: small trees, strong leaf minimum (clicks are rare). */
  static final String PARAMS =
      "objective=binary verbosity=-1 deterministic=true force_row_wise=true num_threads=1"
          + " num_leaves=7 learning_rate=0.05 min_data_in_leaf=300 feature_fraction=1.0 lambda_l2=10 seed=42";

  static final int TREES = 80;

  /** The test metrics of both models. */
  public record Result(CtrMetrics posterior, CtrMetrics learned, int trainImpressions) {}

  private CtrComparison() {}

  /**
   * @param browsing    interaction events (views, clicks, purchases with categories), any order
   * @param impressions the impression log, any order
   * @param ads         every ad the log names
   * @param placements  the placements, in a fixed order (their feature codes)
   * @param posterior   the posterior as serving configures it
   * @param cutMillis   impressions before it train, the others test
   * @throws IllegalArgumentException when either period has no impression or no click
   */
  public static Result run(
      List<Event> browsing,
      List<AdImpression> impressions,
      Collection<Ad> ads,
      List<String> placements,
      CtrModel posterior,
      long cutMillis) {
    Map<String, Ad> byId = new HashMap<>();
    ads.forEach(a -> byId.put(a.id(), a));
    FixedInventory inventory = new FixedInventory(ads);
    AdLedger ledger = new AdLedger(new Pacing(Duration.ZERO));
    EventLogState state = new EventLogState(RecoConfig.defaults(), Map.of());
    List<Event> events = new ArrayList<>(browsing);
    events.sort(Comparator.comparingLong(Event::timestampMillis));
    List<AdImpression> shown = new ArrayList<>(impressions);
    shown.sort(Comparator.comparingLong(AdImpression::atMillis));

    List<float[]> trainX = new ArrayList<>();
    List<Boolean> trainY = new ArrayList<>();
    List<float[]> testX = new ArrayList<>();
    List<Boolean> testY = new ArrayList<>();
    List<Double> testPosterior = new ArrayList<>();
    int e = 0;
    long seq = 0;
    for (AdImpression imp : shown) {
      while (e < events.size() && events.get(e).timestampMillis() <= imp.atMillis()) {
        state.apply(events.get(e++));
      }
      Ad ad = byId.get(imp.adId());
      if (ad == null) {
        throw new IllegalArgumentException("impression of unknown ad " + imp.adId());
      }
      float[] x =
          CtrFeatures.compute(
              state,
              ledger,
              posterior,
              ad,
              imp.userId(),
              imp.placement(),
              placements,
              imp.atMillis());
      if (imp.atMillis() < cutMillis) {
        trainX.add(x);
        trainY.add(imp.clicked());
      } else {
        testX.add(x);
        testY.add(imp.clicked());
        testPosterior.add((double) x[0]);
      }
      ledger.apply(adEvent("imp-" + (++seq), "impression", imp, ad), inventory);
      if (imp.clicked()) {
        ledger.apply(adEvent("click-" + seq, "ad_click", imp, ad), inventory);
      }
    }
    double[] learned = trainAndPredict(trainX, trainY, testX);
    boolean[] y = new boolean[testY.size()];
    double[] post = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = testY.get(i);
      post[i] = testPosterior.get(i);
    }
    return new Result(CtrMetrics.of(post, y), CtrMetrics.of(learned, y), trainX.size());
  }

  private static Event adEvent(String id, String type, AdImpression imp, Ad ad) {
    return new Event(
        id,
        false,
        type,
        imp.userId(),
        null,
        ad.id(),
        ad.campaignId(),
        ad.category(),
        null,
        imp.atMillis(),
        Map.of("placement", imp.placement()));
  }

  private static double[] trainAndPredict(List<float[]> x, List<Boolean> y, List<float[]> test) {
    if (x.isEmpty() || test.isEmpty() || !y.contains(true) || !y.contains(false)) {
      throw new IllegalArgumentException(
          "the training period needs impressions with and without clicks, and the "
              + "test period impressions: "
              + x.size()
              + " training, "
              + test.size()
              + " test");
    }
    int w = CtrFeatures.NAMES.size();
    float[] flat = flatten(x, w);
    float[] labels = new float[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i) ? 1 : 0;
    }
    LightGbmRuntime.start();
    try (LGBMDataset data =
        LGBMDataset.createFromMat(
            flat,
            x.size(),
            w,
            true,
            "verbosity=-1 categorical_feature=" + CtrFeatures.NAMES.indexOf("placement"),
            null)) {
      data.setFeatureNames(CtrFeatures.NAMES.toArray(new String[0]));
      data.setField("label", labels);
      try (LGBMBooster b = LGBMBooster.create(data, PARAMS)) {
        for (int t = 0; t < TREES; t++) {
          if (b.updateOneIter()) {
            break;
          }
        }
        return b.predictForMat(
            flatten(test, w),
            test.size(),
            w,
            true,
            PredictionType.C_API_PREDICT_NORMAL,
            "num_threads=1");
      }
    } catch (LGBMException ex) {
      throw new IllegalStateException("LightGBM failed: " + ex.getMessage(), ex);
    }
  }

  private static float[] flatten(List<float[]> rows, int w) {
    float[] out = new float[rows.size() * w];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, out, i * w, w);
    }
    return out;
  }
}
