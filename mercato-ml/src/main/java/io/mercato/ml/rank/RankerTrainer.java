package io.mercato.ml.rank;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Trains the LightGBM ranker ({@code lambdarank}, NDCG) on point-in-time rows ({@link PointInTimeRows}).
 * Deterministic for the same rows and parameters ({@code deterministic=true}, seeded, one thread by
 * default).
 */
public final class RankerTrainer {
  private RankerTrainer() {}

  /**
   * @param progress told the number of boosting rounds done after each
   * @throws IllegalArgumentException when there is no group, or no row with a positive label
   */
  public static RankerModel train(
      RankerRows rows, RankerParams p, LongConsumer progress, InstantSource clock) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(p, "params");
    if (rows.groups().length == 0) {
      throw new IllegalArgumentException(
          "no ranker training group: no moment had both a positive and a negative");
    }
    LightGbmRuntime.start();
    String text;
    try (LGBMDataset data =
        LGBMDataset.createFromMat(
            rows.features(),
            rows.rows(),
            RankerFeatures.count(),
            true,
            "verbosity=-1 min_data_in_bin=1 max_bin=255 data_random_seed=" + p.seed(),
            null)) {
      data.setFeatureNames(RankerFeatures.NAMES.toArray(new String[0]));
      data.setField("label", rows.labels());
      data.setField("group", rows.groups());
      try (LGBMBooster booster = LGBMBooster.create(data, p.lightGbm())) {
        for (int t = 1; t <= p.trees(); t++) {
          if (booster.updateOneIter()) {
            break; // no split improves any more
          }
          progress.accept(t);
        }
        text = booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
      }
    } catch (LGBMException e) {
      throw new IllegalStateException("LightGBM training failed: " + e.getMessage(), e);
    }
    long at = clock.millis();
    return new RankerModel(RankerModel.defaultVersion(at, text), at, p, text);
  }
}
