package io.mercato.core.reco;

import it.unimi.dsi.fastutil.objects.Object2DoubleOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link Scores} over a sparse map of item → score. Ties in {@link #top} go to the more popular
 * item, then to the smaller id, so answers are deterministic and ties favour what most users chose.
 */
final class MapScores implements Scores {
  private final Object2DoubleOpenHashMap<String> scores;
  private final Function<String, List<String>> reasons;
  private final RecoView state;

  MapScores(
      Object2DoubleOpenHashMap<String> scores,
      RecoView state,
      Function<String, List<String>> reasons) {
    this.scores = scores;
    this.state = state;
    this.reasons = reasons;
  }

  @Override
  public double score(String itemId) {
    return scores.getDouble(itemId);
  }

  @Override
  public double maxScore() {
    double max = 0;
    for (var it = scores.values().doubleIterator(); it.hasNext(); ) {
      max = Math.max(max, it.nextDouble());
    }
    return max;
  }

  @Override
  public List<String> top(int n, String category, Predicate<String> filter) {
    List<String> ids = new ArrayList<>();
    for (var e : scores.object2DoubleEntrySet()) {
      if (e.getDoubleValue() > 0 && filter.test(e.getKey())) {
        ids.add(e.getKey());
      }
    }
    ids.sort(Ranking.byScore(this::score, state::popularity));
    return ids.size() > n ? new ArrayList<>(ids.subList(0, n)) : ids;
  }

  @Override
  public List<String> reasons(String itemId) {
    return scores.getDouble(itemId) > 0 ? reasons.apply(itemId) : List.of();
  }
}
