package io.mercato.core.reco;

import it.unimi.dsi.fastutil.objects.Object2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Item-based CF: {@code score(j) = Σ_k d^k · w_u(i_k) · sim(i_k, j)} over the user's history items
 * {@code i_0, i_1, ...} (most recent first) and their listed neighbours {@code j}, where {@code d}
 * is {@link RecoConfig#recencyDecay()} and {@code sim} the live cosine kept by {@link RecoState}.
 * Cost per request: O(history × item-neighbours).
 */
public final class ItemCfRecommender implements Recommender {
  private final RecoState state;

  public ItemCfRecommender(RecoState state) {
    this.state = state;
  }

  @Override
  public Strategy strategy() {
    return Strategy.ITEM_CF;
  }

  @Override
  public String modelVersion() {
    return "live";
  }

  @Override
  public Optional<Scores> scores(String userId) {
    UserNode u = state.userNode(userId);
    if (u == null) {
      return Optional.empty();
    }
    UserNode.History h = u.copy();
    if (h.size() == 0) {
      return Optional.empty();
    }
    double decayStep = state.config().recencyDecay();
    Object2DoubleOpenHashMap<String> scores = new Object2DoubleOpenHashMap<>();
    Object2DoubleOpenHashMap<String> best = new Object2DoubleOpenHashMap<>();
    Object2IntOpenHashMap<String> because = new Object2IntOpenHashMap<>();
    double decay = 1;
    for (int k = 0; k < h.size(); k++, decay *= decayStep) {
      ItemNode it = state.itemNode(h.items()[k]);
      if (it == null) {
        continue;
      }
      double wu = h.weights()[k] * decay;
      int[][] nb = it.neighbours();
      int n = it.userCount;
      for (int i = 0; i < nb[0].length; i++) {
        ItemNode o = state.itemNode(nb[0][i]);
        if (o == null) {
          continue;
        }
        double c = wu * RecoState.cosine(nb[1][i], n, o.userCount);
        scores.addTo(o.id, c);
        if (c > best.getDouble(o.id)) {
          best.put(o.id, c);
          because.put(o.id, k);
        }
      }
    }
    return Optional.of(new MapScores(scores, state, item -> {
      int k = because.getOrDefault(item, -1);
      if (k < 0) {
        return List.of();
      }
      ItemNode src = state.itemNode(h.items()[k]);
      String verb = Verbs.pastTense(state.config().weights().type(h.kinds()[k]));
      return List.of("similar to " + (src == null ? "an item" : src.id) + " you " + verb);
    }));
  }
}
