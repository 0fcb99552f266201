package io.mercato.ml.mlp;

import io.mercato.core.reco.RecoView;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.Scores;
import io.mercato.core.reco.Strategy;
import io.mercato.ml.serving.CandidateScores;
import io.mercato.ml.serving.ModelSlot;
import it.unimi.dsi.fastutil.objects.Object2DoubleOpenHashMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code strategy=mlp}: the served {@link MlpModel} scores candidates for the user's live history
 * ({@link RecoView#user}, most recent first), so every applied event moves the next answer without
 * retraining, and a user unseen at training with a few known items is answered like any other.
 *
 * <p>Candidates: for re-ranking, the given items; for top-n, every item the model knows when there are
 * at most {@code fullCatalogLimit}, else the item-CF neighbours of the user's 20 most recent items and
 * the 200 most popular items, at most {@code maxCandidates} (the cheap strategies' pool, as the
 * architecture's two-stage serving has it). All are scored in one forward pass. Items the model does
 * not know score 0 (no evidence: after every known item, by popularity). A user with no item the model
 * knows gets nothing ({@code empty}: the service answers with popularity), as does every user while
 * the slot holds no model.
 */
public final class MlpRecommender implements Recommender {
  /** Default {@code fullCatalogLimit}: score the whole catalogue up to this many items. */
  public static final int FULL_CATALOG_LIMIT = 5_000;

  /** Default {@code maxCandidates} beyond it. */
  public static final int MAX_CANDIDATES = 500;

  private static final int SEED_ITEMS = 20;
  private static final int POPULAR_CANDIDATES = 200;

  private final ModelSlot<MlpModel> slot;
  private final RecoView state;
  private final int fullCatalogLimit;
  private final int maxCandidates;

  public MlpRecommender(ModelSlot<MlpModel> slot, RecoView state) {
    this(slot, state, FULL_CATALOG_LIMIT, MAX_CANDIDATES);
  }

  public MlpRecommender(
      ModelSlot<MlpModel> slot, RecoView state, int fullCatalogLimit, int maxCandidates) {
    if (fullCatalogLimit < 0 || maxCandidates < 1) {
      throw new IllegalArgumentException(
          "fullCatalogLimit must be >= 0 and maxCandidates >= 1 but were "
              + fullCatalogLimit
              + " and "
              + maxCandidates);
    }
    this.slot = slot;
    this.state = state;
    this.fullCatalogLimit = fullCatalogLimit;
    this.maxCandidates = maxCandidates;
  }

  @Override
  public Strategy strategy() {
    return Strategy.MLP;
  }

  @Override
  public String modelVersion() {
    return slot.peek().map(MlpModel::version).orElse("none");
  }

  @Override
  public Optional<Scores> scores(String userId) {
    return score(userId, null);
  }

  @Override
  public Optional<Scores> scores(String userId, List<String> candidates) {
    return score(userId, candidates);
  }

  private Optional<Scores> score(String userId, List<String> given) {
    RecoView.UserFacts u = state.user(userId);
    if (u == null || u.size() == 0) {
      return Optional.empty();
    }
    return slot.use(
            m -> {
              List<String> cands = given != null ? given : candidates(m, u.items());
              Optional<float[]> s = m.score(u.items(), cands);
              if (s.isEmpty()) {
                return null;
              }
              Object2DoubleOpenHashMap<String> map = new Object2DoubleOpenHashMap<>(cands.size());
              float[] v = s.get();
              for (int i = 0; i < v.length; i++) {
                if (v[i] > 0 && Float.isFinite(v[i])) {
                  map.put(cands.get(i), v[i]);
                }
              }
              List<String> reason =
                  List.of("fits the taste of your recent items (" + m.version() + ")");
              return new CandidateScores(map, state, id -> reason);
            })
        .map(Scores.class::cast);
  }

  private List<String> candidates(MlpModel m, List<String> history) {
    if (m.items() <= fullCatalogLimit) {
      return m.itemIds();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int j = 0; j < Math.min(SEED_ITEMS, history.size()) && out.size() < maxCandidates; j++) {
      RecoView.Neighbours nb = state.neighbours(history.get(j));
      if (nb != null) {
        for (String i : nb.items()) {
          if (out.size() >= maxCandidates) {
            break;
          }
          if (m.knows(i)) {
            out.add(i);
          }
        }
      }
    }
    for (String i : state.popular(null, POPULAR_CANDIDATES, m::knows)) {
      if (out.size() >= maxCandidates) {
        break;
      }
      out.add(i);
    }
    return new ArrayList<>(out);
  }
}
