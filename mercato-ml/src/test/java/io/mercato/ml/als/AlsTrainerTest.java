package io.mercato.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class AlsTrainerTest {
  static final AlsParams SMALL = new AlsParams(8, 10, 0.1, 10, 3, 42, 2);
  static final Planted DATA = new Planted(11);

  @Test
  void recoversAPlantedLowRankStructure() {
    AlsModel model = AlsTrainer.train(DATA.train, SMALL, TrainingListener.NONE);
    int top = Planted.ITEMS / 10;
    float[] scores = new float[model.items()];
    double als =
        DATA.hitRate(
            top,
            u -> {
              model.scoreAll(model.userVector("u" + u).orElseThrow(), scores);
              return scores;
            });

    float[] popularity = new float[DATA.train.items()];
    for (int c = 0; c < DATA.train.nonZeros(); c++) {
      popularity[DATA.train.userItems()[c]]++;
    }
    double popular = DATA.hitRate(top, u -> popularity);
    SplittableRandom rnd = new SplittableRandom(5);
    float[] noise = new float[DATA.train.items()];
    double random =
        DATA.hitRate(
            top,
            u -> {
              for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rnd.nextDouble();
              }
              return noise;
            });

    // The held-out item is one of ~16 unseen items of the user's cluster among ~165 unseen items.
    assertThat(random).isLessThan(0.25);
    assertThat(popular).isLessThan(0.35);
    assertThat(als).isGreaterThan(0.9).isGreaterThan(popular + 0.5).isGreaterThan(random + 0.5);
  }

  @Test
  void lossDecreasesEveryIteration() {
    List<Double> losses = new ArrayList<>();
    List<String> progress = new ArrayList<>();
    AlsTrainer.train(
        DATA.train,
        SMALL.withIterations(8),
        (it, of, loss) -> {
          losses.add(loss);
          progress.add(it + "/" + of);
        });
    assertThat(progress).containsExactly("1/8", "2/8", "3/8", "4/8", "5/8", "6/8", "7/8", "8/8");
    assertThat(losses).allMatch(l -> l > 0 && Double.isFinite(l));
    for (int n = 1; n < losses.size(); n++) {
      assertThat(losses.get(n)).as("loss after iteration %d", n + 1).isLessThan(losses.get(n - 1));
    }
    assertThat(losses.get(losses.size() - 1)).isLessThan(0.7 * losses.get(0));
  }

  @Test
  void theLossIsTheObjectiveSummedOverEveryCell() {
    double[] reported = new double[1];
    AlsParams p = SMALL.withIterations(1);
    AlsModel model = AlsTrainer.train(DATA.train, p, (it, of, loss) -> reported[0] = loss);
    InteractionMatrix m = DATA.train;
    double expected = 0;
    for (int u = 0; u < m.users(); u++) {
      float[] x = model.userVector(m.userId(u)).orElseThrow();
      double[] weight = new double[m.items()];
      for (int c = m.userPtr()[u]; c < m.userPtr()[u + 1]; c++) {
        weight[m.userItems()[c]] = m.userWeights()[c];
      }
      for (int i = 0; i < m.items(); i++) {
        double s = 0;
        for (int d = 0; d < x.length; d++) {
          s += (double) x[d] * model.itemFactors()[i * x.length + d];
        }
        double pref = weight[i] > 0 ? 1 : 0;
        expected += (1 + p.alpha() * weight[i]) * (pref - s) * (pref - s);
      }
    }
    double norms = 0;
    for (float f : model.userFactors()) {
      norms += (double) f * f;
    }
    for (float f : model.itemFactors()) {
      norms += (double) f * f;
    }
    expected += p.regularization() * norms;
    assertThat(reported[0]).isCloseTo(expected, Percentage.withPercentage(1e-6));
  }

  @Test
  void sameSeedGivesIdenticalFactorsWhateverTheThreadCount() {
    AlsModel a = AlsTrainer.train(DATA.train, SMALL, TrainingListener.NONE);
    AlsModel b = AlsTrainer.train(DATA.train, SMALL, TrainingListener.NONE);
    AlsModel oneThread = AlsTrainer.train(DATA.train, SMALL.withThreads(1), TrainingListener.NONE);
    AlsModel fourThreads =
        AlsTrainer.train(DATA.train, SMALL.withThreads(4), TrainingListener.NONE);
    for (AlsModel other : List.of(b, oneThread, fourThreads)) {
      assertThat(other.userFactors()).isEqualTo(a.userFactors());
      assertThat(other.itemFactors()).isEqualTo(a.itemFactors());
    }
  }

  @Test
  void differentSeedGivesDifferentFactors() {
    AlsModel a = AlsTrainer.train(DATA.train, SMALL, TrainingListener.NONE);
    AlsModel b = AlsTrainer.train(DATA.train, SMALL.withSeed(43), TrainingListener.NONE);
    assertThat(b.userFactors()).isNotEqualTo(a.userFactors());
    assertThat(b.itemFactors()).isNotEqualTo(a.itemFactors());
  }

  @Test
  void theModelCarriesIdsParamsAndAVersionFromTheClock() {
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_123L));
    AlsModel model = AlsTrainer.train(DATA.train, SMALL, TrainingListener.NONE, clock);
    AlsModel again = AlsTrainer.train(DATA.train, SMALL, TrainingListener.NONE, clock);
    assertThat(model.params()).isEqualTo(SMALL);
    assertThat(model.factors()).isEqualTo(8);
    assertThat(model.trainedAtMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(model.version()).matches("als-1700000000123-[0-9a-f]{8}").isEqualTo(again.version());
    assertThat(
            AlsTrainer.train(DATA.train, SMALL.withSeed(1), TrainingListener.NONE, clock).version())
        .isNotEqualTo(model.version());
    assertThat(model.withVersion("v2").version()).isEqualTo("v2");
    assertThat(model.users()).isEqualTo(DATA.train.users());
    assertThat(model.items()).isEqualTo(DATA.train.items());
    assertThat(model.itemId(model.itemIndex("i7"))).isEqualTo("i7");
    assertThat(model.userId(model.userIndex("u7"))).isEqualTo("u7");
    assertThat(model.itemIndex("nope")).isEqualTo(-1);
    assertThat(model.userVector("nope")).isEmpty();
    float[] v = model.userVector("u7").orElseThrow();
    v[0] = 1e9f;
    assertThat(model.userVector("u7").orElseThrow()[0]).as("a copy").isNotEqualTo(1e9f);
  }

  @Test
  void scoreAndScoreAllAgree() {
    AlsModel model = AlsTrainer.train(DATA.train, SMALL.withIterations(2), TrainingListener.NONE);
    float[] x = model.userVector("u3").orElseThrow();
    float[] all = new float[model.items()];
    model.scoreAll(x, all);
    for (int i = 0; i < all.length; i++) {
      assertThat(model.score(x, i)).isEqualTo(all[i]);
    }
    assertThatThrownBy(() -> model.scoreAll(x, new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out must have items()");
    assertThatThrownBy(() -> model.score(new float[3], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userVector must have factors() = 8");
    assertThatThrownBy(() -> model.score(x, model.items()))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void anEmptyMatrixIsRejected() {
    assertThatThrownBy(
            () ->
                AlsTrainer.train(InteractionMatrix.builder().build(), SMALL, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 users and 0 items");
  }

  @Test
  void aUserWithOnlyZeroWeightsGetsAZeroVector() {
    InteractionMatrix.Builder b = InteractionMatrix.builder().add("idle", "i0", 0);
    for (int u = 0; u < 5; u++) {
      b.add("u" + u, "i" + u, 1);
    }
    AlsModel model = AlsTrainer.train(b.build(), SMALL, TrainingListener.NONE);
    assertThat(model.userVector("idle").orElseThrow()).containsOnly(0f);
  }
}
