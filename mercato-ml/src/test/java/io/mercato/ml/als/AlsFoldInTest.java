package io.mercato.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlsFoldInTest {
  static final Planted DATA = new Planted(21);
  static final AlsModel CONVERGED =
      AlsTrainer.train(DATA.train, new AlsParams(8, 30, 0.1, 10, 3, 42, 2), TrainingListener.NONE);

  static Map<String, Float> trainingRow(int u) {
    InteractionMatrix m = DATA.train;
    Map<String, Float> row = new HashMap<>();
    for (int c = m.userPtr()[u]; c < m.userPtr()[u + 1]; c++) {
      row.put(m.itemId(m.userItems()[c]), m.userWeights()[c]);
    }
    return row;
  }

  @Test
  void foldingInATrainingRowGivesAboutTheTrainedVector() {
    for (int u = 0; u < DATA.train.users(); u++) {
      float[] trained = CONVERGED.userVector(DATA.train.userId(u)).orElseThrow();
      float[] folded = CONVERGED.foldIn(trainingRow(u)).orElseThrow();
      assertThat(cosine(folded, trained)).as("user %d", u).isGreaterThan(0.99);
    }
  }

  @Test
  void foldInIsTheExactHalfStepThatConjugateGradientApproaches() {
    int k = CONVERGED.factors();
    InteractionMatrix m = DATA.train;
    double[] gram = Parallel.gramSequential(CONVERGED.itemFactors(), CONVERGED.items(), k);
    ConjugateGradient cg = new ConjugateGradient(gram, CONVERGED.itemFactors(), k, 0.1, 10, 4 * k);
    for (int u = 0; u < 20; u++) {
      float[] x = CONVERGED.userVector(m.userId(u)).orElseThrow();
      cg.solveRows(
          0, 1, new int[] {m.userPtr()[u], m.userPtr()[u + 1]}, m.userItems(), m.userWeights(), x);
      float[] folded = CONVERGED.foldIn(trainingRow(u)).orElseThrow();
      for (int d = 0; d < k; d++) {
        assertThat(folded[d]).as("user %d factor %d", u, d).isCloseTo(x[d], within(1e-4f));
      }
    }
  }

  @Test
  void unknownItemsAndZeroWeightsAreIgnored() {
    Map<String, Float> row = trainingRow(5);
    Map<String, Float> noisy = new HashMap<>(row);
    noisy.put("never-seen", 3f);
    noisy.put("also-new", 1f);
    noisy.put(DATA.heldOut[5], 0f);
    assertThat(CONVERGED.foldIn(noisy).orElseThrow())
        .isEqualTo(CONVERGED.foldIn(row).orElseThrow());
  }

  @Test
  void nothingKnownGivesEmpty() {
    assertThat(CONVERGED.foldIn(Map.of())).isEmpty();
    assertThat(CONVERGED.foldIn(Map.of("never-seen", 1f))).isEmpty();
    assertThat(CONVERGED.foldIn(Map.of("i1", 0f))).isEmpty();
  }

  @Test
  void aNewUserLandsInTheirCluster() {
    // Ten items of cluster 2 (ids i2, i6, i10...): the other cluster-2 items should outrank the
    // rest.
    Map<String, Float> row = new HashMap<>();
    for (int i = 2; i < 42; i += 4) {
      row.put("i" + i, 1f);
    }
    float[] scores = new float[CONVERGED.items()];
    CONVERGED.scoreAll(CONVERGED.foldIn(row).orElseThrow(), scores);
    float minIn = Float.MAX_VALUE;
    float maxOut = -Float.MAX_VALUE;
    for (int i = 0; i < scores.length; i++) {
      String id = CONVERGED.itemId(i);
      int item = Integer.parseInt(id.substring(1));
      if (row.containsKey(id)) {
        continue;
      }
      if (item % Planted.CLUSTERS == 2) {
        minIn = Math.min(minIn, scores[i]);
      } else {
        maxOut = Math.max(maxOut, scores[i]);
      }
    }
    assertThat(minIn).isGreaterThan(maxOut);
  }

  @Test
  void badWeightsAreRejected() {
    assertThatThrownBy(() -> CONVERGED.foldIn(Map.of("i1", -1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight of item \"i1\" must be a finite number >= 0 but was -1.0");
    assertThatThrownBy(() -> CONVERGED.foldIn(Map.of("x", Float.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, Float> withNull = new HashMap<>();
    withNull.put("i1", null);
    assertThatThrownBy(() -> CONVERGED.foldIn(withNull))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int d = 0; d < a.length; d++) {
      ab += (double) a[d] * b[d];
      aa += (double) a[d] * a[d];
      bb += (double) b[d] * b[d];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
