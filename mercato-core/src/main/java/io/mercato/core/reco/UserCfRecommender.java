package io.mercato.core.reco;

import it.unimi.dsi.fastutil.objects.Object2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * User-based CF, the classic: users are vectors of summed interaction weights over their histories;
 * candidate neighbours are found through the item → recent-users index (at most
 * {@code item-users} per history item, most recent first), similarity is the cosine, the
 * {@code user-neighbours} most similar users are kept, and {@code score(j) = Σ_v sim(u, v) · w_v(j)}.
 * Cost per request: O(history × item-users) to find neighbours plus O(user-neighbours × history) to
 * score. A new event changes the user's vector, hence the next answer.
 */
public final class UserCfRecommender implements Recommender {
  private final RecoView state;

  public UserCfRecommender(RecoView state) {
    this.state = state;
  }

  @Override
  public Strategy strategy() {
    return Strategy.USER_CF;
  }

  @Override
  public String modelVersion() {
    return "live";
  }

  @Override
  public Optional<Scores> scores(String userId) {
    RecoView.UserFacts h = state.user(userId);
    if (h == null || h.size() == 0 || h.norm() == 0) {
      return Optional.empty();
    }
    RecoConfig cfg = state.config();
    Object2DoubleOpenHashMap<String> dots = new Object2DoubleOpenHashMap<>();
    for (int k = 0; k < h.size(); k++) {
      RecoView.Ring ring = state.ring(h.items().get(k), cfg.itemUsers());
      if (ring == null) {
        continue;
      }
      double wu = h.weights()[k];
      for (int i = 0; i < ring.size(); i++) {
        String v = ring.users().get(i);
        if (!v.equals(userId)) {
          dots.addTo(v, wu * ring.weights()[i]);
        }
      }
    }
    List<Neighbour> nbrs = new ArrayList<>(dots.size());
    for (var e : dots.object2DoubleEntrySet()) {
      double norm = state.userNorm(e.getKey());
      if (norm > 0) { // false for NaN: a user forgotten meanwhile
        nbrs.add(
            new Neighbour(
                e.getKey(), state.userOrdinal(e.getKey()), e.getDoubleValue() / (h.norm() * norm)));
      }
    }
    nbrs.sort(
        (a, b) -> {
          int c = Double.compare(b.sim, a.sim);
          return c != 0 ? c : Long.compare(a.ordinal, b.ordinal);
        });
    int k = Math.min(cfg.userNeighbours(), nbrs.size());
    if (k == 0) {
      return Optional.empty();
    }
    Object2DoubleOpenHashMap<String> scores = new Object2DoubleOpenHashMap<>();
    Object2IntOpenHashMap<String> supporters = new Object2IntOpenHashMap<>();
    Object2IntOpenHashMap<String> strongest = new Object2IntOpenHashMap<>();
    strongest.defaultReturnValue(-1);
    InteractionWeights weights = cfg.weights();
    for (int i = 0; i < k; i++) {
      Neighbour nb = nbrs.get(i);
      RecoView.UserFacts hv = state.user(nb.user);
      if (hv == null) {
        continue;
      }
      for (int j = 0; j < hv.size(); j++) {
        String it = hv.items().get(j);
        scores.addTo(it, nb.sim * hv.weights()[j]);
        supporters.addTo(it, 1);
        int kind = hv.kinds()[j];
        int old = strongest.getInt(it);
        if (old < 0 || weights.weight(weights.type(kind)) > weights.weight(weights.type(old))) {
          strongest.put(it, kind);
        }
      }
    }
    return Optional.of(
        new MapScores(
            scores,
            state,
            item -> {
              int n = supporters.getInt(item);
              return List.of(ReasonTexts.usersLikeYou(n, weights.type(strongest.getInt(item))));
            }));
  }

  private record Neighbour(String user, long ordinal, double sim) {}
}
