package io.mercato.ml.rank;

import io.mercato.core.reco.RecoView;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.Scores;
import io.mercato.core.reco.Strategy;
import io.mercato.ml.serving.CandidateScores;
import io.mercato.ml.serving.ModelSlot;
import it.unimi.dsi.fastutil.objects.Object2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code strategy=ranked}: the served {@link RankerModel} re-orders candidates by their
 * {@link RankerFeatures} read from the live {@link FeatureState} at its newest event time. Candidates: for
 * re-ranking the given items, for top-n each first-stage strategy's top {@code perStage} items
 * ({@link FirstStage#candidates}). Scores are the logistic function of the raw LightGBM score, so
 * they are positive and keep its order. A user the state does not know, a request with no candidate,
 * and every request while no model serves get nothing (the service answers with popularity).
 *
 * <p>{@code explain}: each item's reasons are its three largest SHAP contributions, e.g.
 * {@code "mlp_rank = 1 (+0.84)"}; {@link #explain} gives every feature value and contribution.
 */
public final class RankedRecommender implements Recommender {
  private final ModelSlot<RankerModel> slot;
  private final FeatureState state;
  private final FirstStage stages;

  public RankedRecommender(ModelSlot<RankerModel> slot, FeatureState state, FirstStage stages) {
    this.slot = slot;
    this.state = state;
    this.stages = stages;
  }

  @Override
  public Strategy strategy() {
    return Strategy.RANKED;
  }

  @Override
  public String modelVersion() {
    return slot.peek().map(RankerModel::version).orElse("none");
  }

  @Override
  public Optional<Scores> scores(String userId) {
    return score(userId, null);
  }

  @Override
  public Optional<Scores> scores(String userId, List<String> candidates) {
    return score(userId, candidates);
  }

  /** One item's explanation: its score, its feature values and their contributions, largest first. */
  public record Explanation(
      String itemId,
      double rawScore,
      Map<String, Float> features,
      List<Contribution> contributions) {}

  /** A feature's value and its SHAP contribution to the raw score. */
  public record Contribution(String feature, float value, double contribution) {}

  /** Feature values and SHAP contributions of {@code items} for the user; empty like {@link #scores}. */
  public Optional<List<Explanation>> explain(String userId, List<String> items) {
    RecoView.UserFacts u = state.reco().user(userId);
    if (u == null || items.isEmpty()) {
      return Optional.empty();
    }
    long at = state.asOfMillis();
    float[] f = RankerFeatures.compute(state, stages, userId, items, at);
    return slot.use(
        m -> {
          double[] raw = m.predict(f, items.size());
          double[] shap = m.contributions(f, items.size());
          List<Explanation> out = new ArrayList<>();
          for (int r = 0; r < items.size(); r++) {
            out.add(explanation(items.get(r), raw[r], f, shap, r));
          }
          return out;
        });
  }

  private Optional<Scores> score(String userId, List<String> given) {
    RecoView.UserFacts u = state.reco().user(userId);
    if (u == null || u.size() == 0) {
      return Optional.empty();
    }
    List<String> cands =
        given != null
            ? given
            : stages.candidates(
                state.reco(),
                userId,
                slot.peek()
                    .map(m -> m.params().perStage())
                    .orElse(RankerParams.defaults().perStage()));
    if (cands.isEmpty()) {
      return Optional.empty();
    }
    long at = state.asOfMillis();
    float[] f = RankerFeatures.compute(state, stages, userId, cands, at);
    return slot.use(
        m -> {
          double[] raw = m.predict(f, cands.size());
          Object2DoubleOpenHashMap<String> map = new Object2DoubleOpenHashMap<>(cands.size());
          Object2IntOpenHashMap<String> row = new Object2IntOpenHashMap<>(cands.size());
          for (int r = 0; r < raw.length; r++) {
            map.put(cands.get(r), 1 / (1 + Math.exp(-raw[r])));
            row.put(cands.get(r), r);
          }
          String version = m.version();
          return (Scores)
              new CandidateScores(
                  map, state.reco(), item -> reasons(item, f, row.getInt(item), version));
        });
  }

  private List<String> reasons(String item, float[] f, int r, String version) {
    int w = RankerFeatures.count();
    float[] one = Arrays.copyOfRange(f, r * w, r * w + w);
    return slot.use(
            m -> {
              double[] shap = m.contributions(one, 1);
              Explanation e = explanation(item, Double.NaN, one, shap, 0);
              List<String> out = new ArrayList<>();
              for (Contribution c :
                  e.contributions().subList(0, Math.min(3, e.contributions().size()))) {
                out.add(
                    String.format(
                        Locale.ROOT,
                        "%s = %s (%+.2f)",
                        c.feature(),
                        format(c.value()),
                        c.contribution()));
              }
              out.add("ranked by " + version);
              return out;
            })
        .orElse(List.of());
  }

  private static Explanation explanation(String item, double raw, float[] f, double[] shap, int r) {
    int w = RankerFeatures.count();
    Map<String, Float> values = new LinkedHashMap<>();
    List<Contribution> cs = new ArrayList<>();
    for (int k = 0; k < w; k++) {
      String name = RankerFeatures.NAMES.get(k);
      values.put(name, f[r * w + k]);
      cs.add(new Contribution(name, f[r * w + k], shap[r * (w + 1) + k]));
    }
    cs.sort(
        Comparator.comparingDouble((Contribution c) -> -Math.abs(c.contribution()))
            .thenComparing(Contribution::feature));
    return new Explanation(item, raw, values, cs);
  }

  private static String format(float v) {
    return Float.isNaN(v)
        ? "unknown"
        : v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }
}
