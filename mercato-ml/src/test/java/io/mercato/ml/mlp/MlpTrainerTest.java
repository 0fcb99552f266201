package io.mercato.ml.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Training on planted structure: quality, reproducibility, early stopping, the MSE option. */
class MlpTrainerTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

  /** Small and quick: what the tests train. */
  static MlpParams tiny() {
    return MlpParams.defaults()
        .withDims(8, 8, 16)
        .withHistoryLength(10)
        .withEpochs(12, 3)
        .withLearningRate(0.01);
  }

  static MlpModel train(PlantedSequences data, MlpParams p) {
    return MlpTrainer.train(data.train, p, MlpTrainingListener.NONE, CLOCK);
  }

  /** Share of users whose held-out item is among the model's top 10 of the items they never touched. */
  static double hitRate(MlpModel m, PlantedSequences data) {
    List<String> all = data.allItems();
    int hits = 0;
    for (int u = 0; u < data.train.size(); u++) {
      UserSequence s = data.train.get(u);
      List<String> history = new ArrayList<>(s.items());
      Collections.reverse(history); // most recent first
      Set<String> seen = new HashSet<>(s.items());
      float[] scores = m.score(history, all).orElseThrow();
      String target = data.heldOut.get(u);
      float t = scores[all.indexOf(target)];
      int above = 0;
      for (int i = 0; i < all.size(); i++) {
        if (!seen.contains(all.get(i)) && !all.get(i).equals(target) && scores[i] >= t) {
          above++;
        }
      }
      hits += above < 10 ? 1 : 0;
    }
    return hits / (double) data.train.size();
  }

  /** Popularity's hit rate on the same task: the most touched items the user has not touched. */
  static double popularityHitRate(PlantedSequences data) {
    Map<String, Integer> counts = new HashMap<>();
    data.train.forEach(s -> s.items().forEach(i -> counts.merge(i, 1, Integer::sum)));
    int hits = 0;
    for (int u = 0; u < data.train.size(); u++) {
      Set<String> seen = new HashSet<>(data.train.get(u).items());
      String target = data.heldOut.get(u);
      int t = counts.getOrDefault(target, 0);
      long above =
          counts.entrySet().stream()
              .filter(
                  e ->
                      !seen.contains(e.getKey()) && !e.getKey().equals(target) && e.getValue() >= t)
              .count();
      hits += above < 10 ? 1 : 0;
    }
    return hits / (double) data.train.size();
  }

  @Test
  void learnsPlantedGroupsFarBeyondPopularity() {
    // 20 items per group, 10 touched: a model that learned the groups puts the other 10 in its top
    // 10
    PlantedSequences data = new PlantedSequences(6, 40, 20, 10, 7);
    try (MlpModel m = train(data, tiny())) {
      double mlp = hitRate(m, data);
      double pop = popularityHitRate(data);
      assertThat(pop).as("popularity").isLessThan(0.45);
      assertThat(mlp).as("MLP vs popularity " + pop).isGreaterThan(pop + 0.3);
      assertThat(m.training().bestEpoch()).isBetween(1, m.training().epochs());
      assertThat(m.training().validation()).isGreaterThan(0.5);
    }
  }

  @Test
  void theSameSeedGivesTheSameWeights() {
    PlantedSequences data = new PlantedSequences(3, 10, 12, 6, 3);
    MlpParams p = tiny().withEpochs(2, 2);
    try (MlpModel a = train(data, p);
        MlpModel b = train(data, p);
        MlpModel c = train(data, p.withSeed(43))) {
      assertThat(a.version()).isEqualTo(b.version()).isNotEqualTo(c.version());
      assertThat(a.weightArrays()).isDeepEqualTo(b.weightArrays());
    }
  }

  @Test
  void earlyStoppingKeepsTheBestEpochAndStopsAfterPatience() {
    PlantedSequences data = new PlantedSequences(4, 20, 20, 8, 5);
    List<double[]> epochs = new ArrayList<>();
    long[] steps = {0, 0};
    MlpParams p = tiny().withEpochs(40, 2);
    try (MlpModel m =
        MlpTrainer.train(
            data.train,
            p,
            new MlpTrainingListener() {
              @Override
              public void stepDone(long done, long total) {
                assertThat(done).isEqualTo(steps[0] + 1);
                steps[0] = done;
                steps[1] = total;
              }

              @Override
              public void epochDone(int epoch, double trainLoss, double validation, boolean best) {
                epochs.add(new double[] {epoch, trainLoss, validation, best ? 1 : 0});
              }
            },
            CLOCK)) {
      int run = m.training().epochs();
      assertThat(epochs).hasSize(run);
      int best = m.training().bestEpoch();
      double bestValidation = epochs.get(best - 1)[2];
      assertThat(m.training().validation()).isEqualTo(bestValidation);
      for (double[] e : epochs) {
        assertThat(e[2]).as("no epoch beats the kept one").isLessThanOrEqualTo(bestValidation);
      }
      if (run < 40) {
        assertThat(run - best).as("stopped after patience epochs without improvement").isEqualTo(2);
      }
      assertThat(steps[1]).isEqualTo(40L * steps[0] / run);
      assertThat(epochs.get(run - 1)[1]).as("training loss falls").isLessThan(epochs.get(0)[1]);
    }
  }

  @Test
  void mseRegressesRatings() {
    // Ratings planted by group: group 0's items are rated 5, the others 1; the model must tell them
    // apart.
    PlantedSequences data = new PlantedSequences(2, 30, 15, 8, 9);
    List<UserSequence> rated = new ArrayList<>();
    for (UserSequence s : data.train) {
      float[] r = new float[s.items().size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = s.items().get(i).startsWith("c0-") ? 5 : 1;
      }
      rated.add(new UserSequence(s.userId(), s.items(), r));
    }
    MlpParams p = tiny().withObjective(MlpParams.Objective.MSE).withEpochs(30, 5);
    try (MlpModel m = MlpTrainer.train(rated, p, MlpTrainingListener.NONE, CLOCK)) {
      assertThat(m.training().validation())
          .as("validation RMSE (ratings span 1-5)")
          .isLessThan(1.5);
      float[] s = m.score(List.of("c0-i1", "c1-i1"), List.of("c0-i2", "c1-i2")).orElseThrow();
      assertThat(s[0] - s[1])
          .as("a group-0 item is predicted far above a group-1 item")
          .isGreaterThan(2f);
    }
  }

  @Test
  void refusesDataWithoutExamples() {
    List<UserSequence> one = List.of(new UserSequence("u", List.of("a"), new float[] {1}));
    assertThatThrownBy(() -> MlpTrainer.train(one, tiny(), MlpTrainingListener.NONE, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no training example");
    assertThatThrownBy(() -> tiny().withNegatives(0))
        .hasMessageContaining("mlp.negatives must be in 1..100");
  }

  @Test
  void unknownItemsAreSkippedOrUnscored() {
    PlantedSequences data = new PlantedSequences(3, 10, 12, 6, 3);
    try (MlpModel m = train(data, tiny().withEpochs(1, 1))) {
      assertThat(m.score(List.of("new-1", "new-2"), List.of("c0-i1")))
          .as("no known history item")
          .isEmpty();
      float[] s = m.score(List.of("new-1", "c0-i1"), List.of("c0-i2", "brand-new")).orElseThrow();
      assertThat(s[0]).isBetween(0f, 1f);
      assertThat(s[1]).isNaN();
      float[] same = m.score(List.of("c0-i1"), List.of("c0-i2")).orElseThrow();
      assertThat(same[0]).as("an unknown history item is skipped, not counted").isEqualTo(s[0]);
    }
  }
}
