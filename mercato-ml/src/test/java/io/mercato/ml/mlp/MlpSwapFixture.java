package io.mercato.ml.mlp;

import java.util.ArrayList;
import java.util.List;

/** Untrained MLP models of a fixed shape, each seed its own weights, for swap tests. */
public final class MlpSwapFixture {
  private static final int ITEMS = 200;
  private final String[] ids = new String[ITEMS];

  public MlpSwapFixture() {
    for (int i = 0; i < ITEMS; i++) {
      ids[i] = "i" + i;
    }
  }

  /** A model with weights initialised from {@code seed}. */
  public MlpModel model(long seed) {
    MlpParams p = MlpParams.defaults().withDims(8, 8, 16).withHistoryLength(10).withSeed(seed);
    float[][] w;
    try (var m = TorchRuntime.start().newBaseManager();
        MlpNetwork n = MlpNetwork.initialise(m, ITEMS, p, 0)) {
      w = n.values();
    }
    return MlpModel.create(p, seed, ids, w, new MlpModel.Training(0, 0, 0, 0, Double.NaN));
  }

  public List<String> history() {
    return List.of("i1", "i2", "i3");
  }

  public List<String> candidates() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      out.add("i" + (i * 2));
    }
    return out;
  }
}
