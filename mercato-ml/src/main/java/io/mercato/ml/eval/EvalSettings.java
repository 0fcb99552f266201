package io.mercato.ml.eval;

import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.Strategy;
import io.mercato.ml.als.AlsParams;
import io.mercato.ml.mlp.MlpParams;
import io.mercato.ml.rank.RankerParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of one evaluation run.
 *
 * @param reco      the recommenders' configuration; its interaction weights are replaced by those of
 *                  {@code weighting}
 * @param als       the iALS hyperparameters ({@code als} and {@code auto})
 * @param k         the cut-off of every metric, 1–{@value RecoRequest#MAX_N}
 * @param weighting how ratings become interactions
 * @param mlp       the MLP recommender's hyperparameters ({@code mlp}, and a feature of {@code ranked})
 * @param ranker    the LightGBM ranker's hyperparameters ({@code ranked})
 */
public record EvalSettings(
    RecoConfig reco,
    AlsParams als,
    int k,
    Weighting weighting,
    MlpParams mlp,
    RankerParams ranker) {
  /**
   * The popularity half-life that means "no decay": a century, so popularity is all-time counts (on
   * data spanning months the weights of the oldest and newest events differ by under 1%).
   */
  public static final Duration NO_DECAY = Duration.ofDays(36_500);

  public EvalSettings {
    Objects.requireNonNull(reco, "reco");
    Objects.requireNonNull(als, "als");
    Objects.requireNonNull(weighting, "weighting");
    Objects.requireNonNull(mlp, "mlp");
    Objects.requireNonNull(ranker, "ranker");
    if (k < 1 || k > RecoRequest.MAX_N) {
      throw new IllegalArgumentException(
          "k must be in [1, " + RecoRequest.MAX_N + "] but was " + k);
    }
  }

  /** Settings with the MLP's and the ranker's defaults. */
  public EvalSettings(RecoConfig reco, AlsParams als, int k, Weighting weighting) {
    this(reco, als, k, weighting, MlpParams.defaults(), RankerParams.defaults());
  }

  /** The same settings with other MLP hyperparameters. */
  public EvalSettings withMlp(MlpParams p) {
    return new EvalSettings(reco, als, k, weighting, p, ranker);
  }

  /** The same settings with other ranker hyperparameters. */
  public EvalSettings withRanker(RankerParams p) {
    return new EvalSettings(reco, als, k, weighting, mlp, p);
  }

  /**
   * The parameters that shape {@code s}'s answers, by their configuration names (for reports): the
   * popularity half-life for every strategy, since popularity breaks score ties and tops lists up.
   */
  public Map<String, Object> parametersOf(Strategy s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("weighting", weighting.name().toLowerCase(Locale.ROOT));
    Duration h = reco.popularityHalfLife();
    m.put("popularity-half-life", h.compareTo(NO_DECAY) >= 0 ? "none" : format(h));
    m.put("history-size", reco.historySize());
    if (s == Strategy.USER_CF || s == Strategy.AUTO) {
      m.put("item-users", reco.itemUsers());
      m.put("user-neighbours", reco.userNeighbours());
    }
    if (s == Strategy.ITEM_CF || s == Strategy.AUTO) {
      m.put("cooccurrence-window", reco.cooccurrenceWindow());
      m.put("cooccurrence-cap", reco.cooccurrenceCap());
      m.put("item-neighbours", reco.itemNeighbours());
      m.put("recency-decay", reco.recencyDecay());
    }
    if (s == Strategy.ALS || s == Strategy.AUTO || s == Strategy.RANKED) {
      m.put("als-factors", als.factors());
      m.put("als-iterations", als.iterations());
      m.put("als-regularization", als.regularization());
      m.put("als-alpha", als.alpha());
      m.put("als-cg-steps", als.cgSteps());
      m.put("als-seed", als.seed());
    }
    if (s == Strategy.MLP || s == Strategy.RANKED) {
      m.put("mlp-gmf-dim", mlp.gmfDim());
      m.put("mlp-mlp-dim", mlp.mlpDim());
      m.put("mlp-hidden", mlp.hidden());
      m.put("mlp-history-length", mlp.historyLength());
      m.put("mlp-negatives", mlp.negatives());
      m.put("mlp-max-epochs", mlp.maxEpochs());
      m.put("mlp-patience", mlp.patience());
      m.put("mlp-batch-size", mlp.batchSize());
      m.put("mlp-learning-rate", mlp.learningRate());
      m.put("mlp-weight-decay", mlp.weightDecay());
      m.put("mlp-objective", mlp.objective().name().toLowerCase(Locale.ROOT));
      m.put("mlp-seed", mlp.seed());
    }
    if (s == Strategy.RANKED) {
      m.put("ranker-trees", ranker.trees());
      m.put("ranker-leaves", ranker.leaves());
      m.put("ranker-learning-rate", ranker.learningRate());
      m.put("ranker-min-data-in-leaf", ranker.minDataInLeaf());
      m.put("ranker-feature-fraction", ranker.featureFraction());
      m.put("ranker-l2", ranker.l2());
      m.put("ranker-per-stage", ranker.perStage());
      m.put("ranker-random-negatives", ranker.randomNegatives());
      m.put("ranker-seed", ranker.seed());
    }
    if (s == Strategy.AUTO) {
      m.put("blend-min-items", reco.blendMinItems());
      StringBuilder b = new StringBuilder();
      reco.blendWeights()
          .forEach(
              (st, w) ->
                  b.append(b.length() == 0 ? "" : ",").append(st.apiName()).append('=').append(w));
      m.put("blend-weights", b.toString());
    }
    return m;
  }

  /** {@code 30d}, {@code 12h}, {@code 90s}, or ISO-8601 for other durations. */
  static String format(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s <= 0) {
      return d.toString();
    }
    return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s + "s";
  }
}
