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
  private final RecoView state;

  public ItemCfRecommender(RecoView state) {
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
    RecoView.UserFacts h = state.user(userId);
    if (h == null || h.size() == 0) {
      return Optional.empty();
    }
    double decayStep = state.config().recencyDecay();
    Object2DoubleOpenHashMap<String> scores = new Object2DoubleOpenHashMap<>();
    Object2DoubleOpenHashMap<String> best = new Object2DoubleOpenHashMap<>();
    Object2IntOpenHashMap<String> because = new Object2IntOpenHashMap<>();
    double decay = 1;
    for (int k = 0; k < h.size(); k++, decay *= decayStep) {
      RecoView.Neighbours nb = state.neighbours(h.items().get(k));
      if (nb == null) {
        continue;
      }
      double wu = h.weights()[k] * decay;
      int n = state.userCount(h.items().get(k));
      for (int i = 0; i < nb.size(); i++) {
        String o = nb.items().get(i);
        int no = state.userCount(o);
        if (no < 0) {
          continue;
        }
        double c = wu * Cooccurrence.cosine(nb.counts()[i], n, no);
        scores.addTo(o, c);
        if (c > best.getDouble(o)) {
          best.put(o, c);
          because.put(o, k);
        }
      }
    }
    return Optional.of(
        new MapScores(
            scores,
            state,
            item -> {
              int k = because.getOrDefault(item, -1);
              if (k < 0) {
                return List.of();
              }
              return List.of(
                  ReasonTexts.similarTo(
                      h.items().get(k), state.config().weights().type(h.kinds()[k])));
            }));
  }
}
