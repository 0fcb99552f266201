package io.mercato.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.Strategy;
import io.mercato.ml.als.AlsParams;
import io.mercato.ml.mlp.MlpParams;
import io.mercato.ml.rank.RankerParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluator end to end through the serving code, on cases small enough to compute by hand. */
class EvaluatorTest {
  static final long T = 1_000_000_000_000L;

  static EvalSettings settings(int k) {
    return new EvalSettings(
        RecoConfig.defaults().withPopularityHalfLife(EvalSettings.NO_DECAY),
        AlsParams.defaults().withFactors(4).withIterations(3).withThreads(1),
        k,
        Weighting.BINARY);
  }

  /**
   * Training, all at the same instant so popularity is an exact count: a by u1, u2, u3 (3); b by
   * u1, u2 (2); c by u3, u4 (2); d by nobody. Popular ranks a (3) before b and c (2, a tie) before d.
   * <pre>
   *   case 1: u1, positive c, negatives [a, d]     a before c → rank 1
   *   case 2: u4, positive b, negatives [c, b, d]  b collapses into the positive; c ties b
   *                                                (both 2) and the tie goes against b → rank 1
   *   case 3: u3, positive b, negatives [d, d]     repeats collapse → rank 0
   * </pre>
   * K = 1: HR = (0 + 0 + 1)/3 = 1/3, NDCG = 1/3.
   * K = 2: HR = 1, NDCG = (1/log2(3) + 1/log2(3) + 1)/3 = (0.63093 · 2 + 1)/3 = 0.75395.
   */
  @Test
  void popularOnAHandComputedSetWithTiesAndCollapsedNegatives() {
    List<Interaction> train = new ArrayList<>();
    String[][] pairs = {
      {"u1", "a"}, {"u2", "a"}, {"u3", "a"}, {"u1", "b"}, {"u2", "b"}, {"u3", "c"}, {"u4", "c"}
    };
    for (int i = 0; i < pairs.length; i++) {
      train.add(new Interaction(pairs[i][0], pairs[i][1], 5, T, i + 1));
    }
    List<EvalCase> cases =
        List.of(
            new EvalCase("u1", "c", List.of("a", "d")),
            new EvalCase("u4", "b", List.of("c", "b", "d")),
            new EvalCase("u3", "b", List.of("d", "d")));
    EvalSet set = new EvalSet("test", train, cases, 3, null);

    StrategyResult k1 =
        new Evaluator(settings(1)).run(set, List.of(Strategy.POPULAR), EvalProgress.NONE).get(0);
    assertThat(k1.cases()).isEqualTo(3);
    assertThat(k1.hr()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(k1.ndcg()).isCloseTo(1 / 3.0, within(1e-12));

    StrategyResult k2 =
        new Evaluator(settings(2)).run(set, List.of(Strategy.POPULAR), EvalProgress.NONE).get(0);
    assertThat(k2.hr()).isEqualTo(1.0);
    assertThat(k2.ndcg()).isCloseTo(0.75395, within(1e-5));
    assertThat(k2.fallbacks()).isZero();
    // Full catalog, K = 2, unseen items only: u1 (seen a, b) gets [c, ...] and holds out c: hit at
    // 0;
    // u4 (seen c) gets [a, b]: b at 1; u3 (seen a, c) gets [b]: hit at 0. HR 1; NDCG (1 + 0.63093 +
    // 1)/3.
    assertThat(k2.users()).isEqualTo(3);
    assertThat(k2.fullHr()).isEqualTo(1.0);
    assertThat(k2.fullRecall()).isEqualTo(1.0);
    assertThat(k2.fullNdcg()).isCloseTo((2 + 1 / (Math.log(3) / Math.log(2))) / 3, within(1e-12));
  }

  @Test
  void everyStrategyRunsAndReportsItsParameters() {
    List<Interaction> all = Synthetic.planted(4, 30, 25, 12, 11);
    EvalSet set = Splits.leaveLastOut(all, 50, 3);
    List<StrategyResult> rs =
        new Evaluator(settings(10))
            .run(
                set,
                List.of(
                    Strategy.POPULAR,
                    Strategy.USER_CF,
                    Strategy.ITEM_CF,
                    Strategy.ALS,
                    Strategy.AUTO),
                EvalProgress.NONE);
    assertThat(rs)
        .extracting(StrategyResult::strategy)
        .containsExactly(
            Strategy.POPULAR, Strategy.USER_CF, Strategy.ITEM_CF, Strategy.ALS, Strategy.AUTO);
    StrategyResult pop = rs.get(0);
    for (StrategyResult r : rs) {
      assertThat(r.hr()).isBetween(0.0, 1.0);
      assertThat(r.ndcg()).isBetween(0.0, r.hr());
      assertThat(r.fullRecall()).as("one held-out item per user").isEqualTo(r.fullHr());
      if (r.strategy() != Strategy.POPULAR) {
        assertThat(r.hr())
            .as(r.strategy() + " beats popularity on planted clusters")
            .isGreaterThan(pop.hr() + 0.2);
      }
    }
    assertThat(rs.get(3).alsMillis()).isPositive();
    assertThat(rs.get(1).alsMillis()).isZero();
    assertThat(rs.get(3).parameters()).containsKeys("als-factors", "popularity-half-life");
    assertThat(rs.get(3).parameters().get("popularity-half-life")).isEqualTo("none");
    assertThat(rs.get(1).parameters())
        .containsKey("user-neighbours")
        .doesNotContainKey("als-factors");
    assertThat(EvalSettings.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(EvalSettings.format(Duration.ofHours(36))).isEqualTo("36h");
  }

  /**
   * The learned strategies go through the same evaluator and serving path: both far above popularity,
   * with their training times and parameters in the row.
   */
  @Test
  void mlpAndRankedRowsThroughTheServingPath() {
    List<Interaction> all = Synthetic.planted(4, 30, 25, 12, 11);
    EvalSet set = Splits.leaveLastOut(all, 50, 3);
    EvalSettings s =
        settings(10)
            .withMlp(
                MlpParams.defaults()
                    .withDims(8, 8, 16)
                    .withHistoryLength(10)
                    .withEpochs(12, 3)
                    .withLearningRate(0.01))
            .withRanker(
                RankerParams.defaults().withTrees(40).withMinDataInLeaf(10).withCandidates(20, 30));
    List<StrategyResult> rs =
        new Evaluator(s)
            .run(set, List.of(Strategy.POPULAR, Strategy.MLP, Strategy.RANKED), EvalProgress.NONE);
    StrategyResult pop = rs.get(0);
    StrategyResult mlp = rs.get(1);
    StrategyResult ranked = rs.get(2);
    assertThat(mlp.strategy()).isEqualTo(Strategy.MLP);
    assertThat(ranked.strategy()).isEqualTo(Strategy.RANKED);
    for (StrategyResult r : List.of(mlp, ranked)) {
      assertThat(r.hr()).as(r.strategy() + " vs popular " + pop.hr()).isGreaterThan(pop.hr() + 0.2);
      assertThat(r.fallbacks()).isZero();
      assertThat(r.mlpMillis()).isPositive();
      assertThat(r.fullRecall()).isEqualTo(r.fullHr());
    }
    assertThat(mlp.rankerMillis()).isZero();
    assertThat(mlp.alsMillis()).isZero();
    assertThat(ranked.rankerMillis()).isPositive();
    assertThat(ranked.alsMillis()).isPositive();
    assertThat(mlp.parameters()).containsEntry("mlp-gmf-dim", 8).doesNotContainKey("ranker-trees");
    assertThat(ranked.parameters())
        .containsEntry("ranker-trees", 40)
        .containsKeys("mlp-gmf-dim", "als-factors");
  }

  @Test
  void theSameInputsGiveTheSameMetrics() {
    EvalSet set = Splits.leaveLastOut(Synthetic.planted(3, 20, 20, 10, 5), 30, 9);
    List<Strategy> all = List.of(Strategy.USER_CF, Strategy.ITEM_CF, Strategy.ALS);
    List<StrategyResult> a = new Evaluator(settings(5)).run(set, all, EvalProgress.NONE);
    List<StrategyResult> b = new Evaluator(settings(5)).run(set, all, EvalProgress.NONE);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).hr()).isEqualTo(a.get(i).hr());
      assertThat(b.get(i).ndcg()).isEqualTo(a.get(i).ndcg());
      assertThat(b.get(i).fullNdcg()).isEqualTo(a.get(i).fullNdcg());
    }
  }
}
