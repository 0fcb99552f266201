package io.mercato.ml.eval;

import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.ScoredItem;
import io.mercato.core.reco.Strategy;
import io.mercato.ml.als.AlsModel;
import io.mercato.ml.als.AlsRecommender;
import io.mercato.ml.als.AlsTrainer;
import io.mercato.ml.als.InteractionMatrix;
import io.mercato.ml.als.TrainingListener;
import io.mercato.ml.mlp.MlpModel;
import io.mercato.ml.mlp.MlpRecommender;
import io.mercato.ml.mlp.MlpTrainer;
import io.mercato.ml.mlp.MlpTrainingListener;
import io.mercato.ml.mlp.UserSequence;
import io.mercato.ml.serving.ModelSlot;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Offline evaluation through the serving code path: the training ratings become interaction events
 * ({@link RatingEvents}) applied in event-time order to a {@link RecoState}, exactly as the engine's
 * recommendation writer applies them; iALS is trained with {@link AlsTrainer} on the same events'
 * weights, as the engine's background training does; and every answer comes from a
 * {@link RecommendationService}, so filtering, popularity fallback and tie-breaking are those users
 * get.
 *
 * <ul>
 *   <li>Sampled protocol: per case, {@link RecommendationService#rank} of the positive and its
 *       negatives (a negative equal to the positive, or repeated, is collapsed), scored by
 *       {@link RankMetrics#rank} (ties against the positive).</li>
 *   <li>Full catalog: per user, {@link RecommendationService#recommend} of the top K with
 *       {@code exclude_seen} over every item the state knows, scored against all the user's
 *       held-out items by {@link RankMetrics#fullCatalog}.</li>
 * </ul>
 * The state and the iALS model are built once per run and shared by the strategies; each result
 * reports the build times it depends on. Deterministic: the same inputs and settings give the same
 * metrics (iALS is deterministic whatever its thread count).
 */
public final class Evaluator {
  private final EvalSettings settings;

  public Evaluator(EvalSettings settings) {
    this.settings = settings;
  }

  /**
   * Evaluates {@code strategies} on {@code set}, in the order given.
   *
   * @throws IllegalArgumentException when the ratings cannot be weighted as asked, or the set has no
   *     training interaction or no case
   */
  public List<StrategyResult> run(EvalSet set, List<Strategy> strategies, EvalProgress progress) {
    if (set.cases().isEmpty() || set.train().isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to evaluate: "
              + set.train().size()
              + " training interactions and "
              + set.cases().size()
              + " held-out cases");
    }
    RatingEvents events = new RatingEvents(settings.weighting(), set.train());
    RecoConfig config = settings.reco().withWeights(events.weights());

    long t0 = System.nanoTime();
    RecoState state = buildState(set.train(), events, config, progress);
    long stateMillis = millisSince(t0);

    boolean ranked = strategies.contains(Strategy.RANKED);
    boolean needsAls =
        strategies.contains(Strategy.ALS)
            || ranked
            || (strategies.contains(Strategy.AUTO)
                && config.blendWeights().getOrDefault(Strategy.ALS, 0.0) > 0);
    AlsModel alsModelTrained = null;
    Recommender als = null;
    long alsMillis = 0;
    if (needsAls) {
      long t1 = System.nanoTime();
      alsModelTrained = trainAls(set.train(), events, progress);
      als = new AlsRecommender(alsModelTrained, state);
      alsMillis = millisSince(t1);
    }
    ModelSlot<MlpModel> mlpSlot = new ModelSlot<>();
    long mlpMillis = 0;
    Recommender mlp = null;
    if (strategies.contains(Strategy.MLP) || ranked) {
      long t1 = System.nanoTime();
      mlpSlot.swap(trainMlp(set.train(), progress));
      mlpMillis = millisSince(t1);
      mlp = new MlpRecommender(mlpSlot, state);
    }
    Map<Strategy, Supplier<Recommender>> models = new EnumMap<>(Strategy.class);
    Recommender alsModel = als;
    Recommender mlpModel = mlp;
    models.put(Strategy.ALS, () -> alsModel);
    models.put(Strategy.MLP, () -> mlpModel);
    RankedSetup rankedSetup =
        ranked
            ? new RankedSetup(
                set.train(), events, config, settings, alsModelTrained, mlpSlot, progress)
            : null;
    if (rankedSetup != null) {
      Recommender r = rankedSetup.recommender;
      models.put(Strategy.RANKED, () -> r);
    }
    RecommendationService service = new RecommendationService(state, ItemInfo.NONE, models);

    List<StrategyResult> out = new ArrayList<>();
    try {
      for (Strategy s : strategies) {
        boolean usesAls =
            s == Strategy.ALS || s == Strategy.RANKED || (s == Strategy.AUTO && needsAls);
        boolean usesMlp = s == Strategy.MLP || s == Strategy.RANKED;
        out.add(
            evaluate(
                service,
                s,
                set,
                stateMillis,
                usesAls ? alsMillis : 0,
                usesMlp ? mlpMillis : 0,
                s == Strategy.RANKED ? rankedSetup.millis : 0,
                progress));
      }
    } finally {
      if (rankedSetup != null) {
        rankedSetup.close();
      }
      mlpSlot.clear();
    }
    return out;
  }

  /** Each user's training ratings in the order the state applied them: event time, then file line. */
  static List<UserSequence> sequences(List<Interaction> train) {
    List<Interaction> ordered = new ArrayList<>(train);
    ordered.sort(
        Comparator.comparingLong(Interaction::timestampMillis)
            .thenComparingLong(Interaction::line));
    Map<String, List<Interaction>> byUser = new LinkedHashMap<>();
    for (Interaction x : ordered) {
      byUser.computeIfAbsent(x.user(), u -> new ArrayList<>()).add(x);
    }
    List<UserSequence> out = new ArrayList<>(byUser.size());
    for (Map.Entry<String, List<Interaction>> e : byUser.entrySet()) {
      List<String> items = new ArrayList<>(e.getValue().size());
      float[] ratings = new float[e.getValue().size()];
      for (int i = 0; i < ratings.length; i++) {
        items.add(e.getValue().get(i).item());
        ratings[i] = e.getValue().get(i).rating();
      }
      out.add(new UserSequence(e.getKey(), items, ratings));
    }
    return out;
  }

  private MlpModel trainMlp(List<Interaction> train, EvalProgress progress) {
    boolean[] begun = {false};
    MlpModel m =
        MlpTrainer.train(
            sequences(train),
            settings.mlp(),
            new MlpTrainingListener() {
              @Override
              public void stepDone(long done, long total) {
                if (!begun[0]) {
                  progress.begin("mlp", total);
                  begun[0] = true;
                }
                if ((done & 15) == 0) {
                  progress.step(done);
                }
              }
            },
            InstantSource.system());
    if (begun[0]) {
      progress.end();
    }
    return m;
  }

  private static RecoState buildState(
      List<Interaction> train, RatingEvents events, RecoConfig config, EvalProgress progress) {
    List<Interaction> ordered = new ArrayList<>(train);
    // event time first; ratings in the same second in file order, as a replay of the file would
    ordered.sort(
        Comparator.comparingLong(Interaction::timestampMillis)
            .thenComparingLong(Interaction::line));
    RecoState state = new RecoState(config);
    progress.begin("events", ordered.size());
    long seq = 0;
    for (Interaction x : ordered) {
      state.apply(events.event(x, seq++));
      if ((seq & 1023) == 0) {
        progress.step(seq);
      }
    }
    progress.step(seq);
    progress.end();
    return state;
  }

  private AlsModel trainAls(List<Interaction> train, RatingEvents events, EvalProgress progress) {
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    for (Interaction x : train) {
      b.add(x.user(), x.item(), events.weight(x));
    }
    // No per-iteration progress: a listener makes the trainer compute the loss (about a quarter of
    // an iteration), and the reported training time must be the one serving pays.
    progress.begin("als", 1);
    AlsModel m = AlsTrainer.train(b.build(), settings.als(), TrainingListener.NONE);
    progress.step(1);
    progress.end();
    return m;
  }

  private StrategyResult evaluate(
      RecommendationService service,
      Strategy s,
      EvalSet set,
      long stateMillis,
      long alsMillis,
      long mlpMillis,
      long rankerMillis,
      EvalProgress progress) {
    int k = settings.k();
    long t0 = System.nanoTime();
    double hr = 0;
    double ndcg = 0;
    int fallbacks = 0;
    progress.begin(s.apiName() + " sampled", set.cases().size());
    int done = 0;
    for (EvalCase c : set.cases()) {
      Set<String> candidates = new LinkedHashSet<>();
      candidates.add(c.item());
      candidates.addAll(c.negatives());
      RecoResult r = service.rank(c.user(), new ArrayList<>(candidates), s, false);
      if (s != Strategy.POPULAR && r.used().equals(Strategy.POPULAR.apiName())) {
        fallbacks++;
      }
      ScoredItem positive = null;
      List<ScoredItem> others = new ArrayList<>(r.items().size());
      for (ScoredItem x : r.items()) {
        if (x.itemId().equals(c.item())) {
          positive = x;
        } else {
          others.add(x);
        }
      }
      int rank = RankMetrics.rank(positive, others);
      hr += RankMetrics.hit(rank, k);
      ndcg += RankMetrics.ndcg(rank, k);
      progress.step(++done);
    }
    progress.end();

    Map<String, Set<String>> positives = new LinkedHashMap<>();
    for (EvalCase c : set.cases()) {
      positives.computeIfAbsent(c.user(), u -> new LinkedHashSet<>()).add(c.item());
    }
    double fullHr = 0;
    double fullNdcg = 0;
    double recall = 0;
    RecoRequest top = new RecoRequest(k, null, true, false);
    progress.begin(s.apiName() + " full catalog", positives.size());
    done = 0;
    for (Map.Entry<String, Set<String>> e : positives.entrySet()) {
      List<String> ids =
          service.recommend(e.getKey(), s, top).items().stream().map(ScoredItem::itemId).toList();
      RankMetrics.FullCatalog f = RankMetrics.fullCatalog(ids, e.getValue(), k);
      fullHr += f.hit();
      fullNdcg += f.ndcg();
      recall += f.recall();
      progress.step(++done);
    }
    progress.end();
    int n = set.cases().size();
    int u = positives.size();
    return new StrategyResult(
        s,
        k,
        n,
        hr / n,
        ndcg / n,
        u,
        fullHr / u,
        fullNdcg / u,
        recall / u,
        fallbacks,
        stateMillis,
        alsMillis,
        mlpMillis,
        rankerMillis,
        millisSince(t0),
        settings.parametersOf(s));
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
