package io.mercato.ml.mlp;

import java.time.InstantSource;
import java.util.List;

/**
 * The child JVM of {@link TorchOfflineTest}: starts the engine, trains a tiny model and scores with it,
 * then prints {@code OK <cache dir>}. Exits non-zero on any failure.
 */
public final class OfflineProbe {
  private OfflineProbe() {}

  public static void main(String[] args) {
    TorchRuntime.start();
    PlantedSequences data = new PlantedSequences(2, 6, 6, 3, 1);
    MlpParams p = MlpParams.defaults().withDims(4, 4, 8).withHistoryLength(5).withEpochs(1, 1);
    try (MlpModel m =
        MlpTrainer.train(data.train, p, MlpTrainingListener.NONE, InstantSource.system())) {
      float[] s = m.score(List.of("c0-i1"), List.of("c0-i2", "c1-i2")).orElseThrow();
      if (!(s[0] > 0 && s[0] < 1)) {
        throw new AssertionError("score out of range: " + s[0]);
      }
    }
    System.out.println("OK " + TorchRuntime.cacheDir());
  }
}
