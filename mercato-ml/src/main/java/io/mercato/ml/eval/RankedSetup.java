package io.mercato.ml.eval;

import io.mercato.core.event.Event;
import io.mercato.core.reco.ItemCfRecommender;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.UserCfRecommender;
import io.mercato.ml.als.AlsModel;
import io.mercato.ml.als.AlsRecommender;
import io.mercato.ml.als.AlsTrainer;
import io.mercato.ml.als.InteractionMatrix;
import io.mercato.ml.als.TrainingListener;
import io.mercato.ml.mlp.MlpModel;
import io.mercato.ml.mlp.MlpRecommender;
import io.mercato.ml.mlp.MlpTrainer;
import io.mercato.ml.mlp.MlpTrainingListener;
import io.mercato.ml.rank.EventLogState;
import io.mercato.ml.rank.FirstStage;
import io.mercato.ml.rank.PointInTimeRows;
import io.mercato.ml.rank.RankedRecommender;
import io.mercato.ml.rank.RankerModel;
import io.mercato.ml.rank.RankerRows;
import io.mercato.ml.rank.RankerTrainer;
import io.mercato.ml.serving.ModelSlot;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains and assembles {@code ranked} for an evaluation, without touching the held-out cases.
 *
 * <ol>
 *   <li>Ranker rows from a validation split carved from the training ratings: each user's last training
 *       rating is held out as the label; the state replays the other training ratings, and the first
 *       stages (item-CF, user-CF, and iALS and the MLP trained on those ratings only) score the user's
 *       candidates at the state's end ({@link PointInTimeRows#atPresent}) — the same kind of state the
 *       test is scored with: leave-last-out tests with a state holding every training rating,
 *       including other users' later ones, so rows replayed point in time (each user's moment seeing
 *       only the ratings before it) would train the ranker on a different, much smaller state than
 *       the one it is tested on.</li>
 *   <li>The ranker is trained on those rows.</li>
 *   <li>Serving: the final state replays every training rating, and the first stages are the models
 *       trained on all of them — what the other strategies use.</li>
 * </ol>
 */
final class RankedSetup implements AutoCloseable {
  final RankedRecommender recommender;
  final long millis;
  final int rows;
  final int groups;
  private final ModelSlot<RankerModel> slot = new ModelSlot<>();
  private final ModelSlot<MlpModel> rowMlp = new ModelSlot<>();

  RankedSetup(
      List<Interaction> train,
      RatingEvents events,
      RecoConfig config,
      EvalSettings settings,
      AlsModel finalAls,
      ModelSlot<MlpModel> finalMlp,
      EvalProgress progress) {
    long t0 = System.nanoTime();
    List<Interaction> ordered = new ArrayList<>(train);
    ordered.sort(
        Comparator.comparingLong(Interaction::timestampMillis)
            .thenComparingLong(Interaction::line));
    List<Event> log = new ArrayList<>(ordered.size());
    Map<String, Integer> lastOfUser = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      log.add(events.event(ordered.get(i), i));
      lastOfUser.put(ordered.get(i).user(), i);
    }
    Set<String> moments = new HashSet<>();
    List<Interaction> stageOne = new ArrayList<>();
    Set<Integer> momentIndex = new HashSet<>(lastOfUser.values());
    for (int i = 0; i < ordered.size(); i++) {
      if (momentIndex.contains(i)) {
        moments.add(log.get(i).eventId());
      } else {
        stageOne.add(ordered.get(i));
      }
    }

    progress.begin("ranked: first stages", 2);
    AlsModel rowAls = trainAls(stageOne, events, settings);
    progress.step(1);
    rowMlp.swap(
        MlpTrainer.train(
            Evaluator.sequences(stageOne),
            settings.mlp(),
            MlpTrainingListener.NONE,
            InstantSource.system()));
    progress.step(2);
    progress.end();

    progress.begin("ranked: rows", 1);
    EventLogState rowState = new EventLogState(config, Map.of());
    Map<String, Map<String, Integer>> labels = new LinkedHashMap<>();
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (Event e : log) {
      if (moments.contains(e.eventId())) {
        labels
            .computeIfAbsent(e.userId(), u -> new HashMap<>())
            .merge(e.itemId(), PointInTimeRows.grade(e.type()), Math::max);
      } else {
        rowState.apply(e);
        seen.add(e.itemId());
      }
    }
    FirstStage rowStages = stages(rowState, rowAls, rowMlp);
    PointInTimeRows builder =
        new PointInTimeRows(
            e -> false,
            0,
            settings.ranker().perStage(),
            settings.ranker().randomNegatives(),
            settings.ranker().seed());
    RankerRows r = builder.atPresent(rowState, rowStages, labels, new ArrayList<>(seen));
    progress.step(1);
    progress.end();
    rows = r.rows();
    groups = r.groups().length;

    progress.begin("ranked: trees", settings.ranker().trees());
    slot.swap(RankerTrainer.train(r, settings.ranker(), progress::step, InstantSource.system()));
    progress.end();
    rowMlp.clear();

    EventLogState state = new EventLogState(config, Map.of());
    for (Event e : log) {
      state.apply(e);
    }
    recommender = new RankedRecommender(slot, state, stages(state, finalAls, finalMlp));
    millis = (System.nanoTime() - t0) / 1_000_000;
  }

  private static FirstStage stages(EventLogState state, AlsModel als, ModelSlot<MlpModel> mlp) {
    Recommender itemCf = new ItemCfRecommender(state.reco());
    Recommender userCf = new UserCfRecommender(state.reco());
    Recommender a = new AlsRecommender(als, state.recoState());
    Recommender m = new MlpRecommender(mlp, state.reco());
    return new FirstStage(() -> itemCf, () -> userCf, () -> a, () -> m);
  }

  private static AlsModel trainAls(
      List<Interaction> train, RatingEvents events, EvalSettings settings) {
    InteractionMatrix.Builder b = InteractionMatrix.builder();
    for (Interaction x : train) {
      b.add(x.user(), x.item(), events.weight(x));
    }
    return AlsTrainer.train(b.build(), settings.als(), TrainingListener.NONE);
  }

  @Override
  public void close() {
    slot.clear();
    rowMlp.clear();
  }
}
