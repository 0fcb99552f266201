package io.mercato.ml.serving;

import io.mercato.core.reco.Ranking;
import io.mercato.core.reco.RecoView;
import io.mercato.core.reco.Scores;
import it.unimi.dsi.fastutil.objects.Object2DoubleOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link Scores} over the candidates a model scored in one batch: items outside them, and candidates
 * the model could not score, have no evidence (0). Model scores are positive (probabilities, ranker
 * scores shifted to be positive), so every scored candidate counts as evidence. Ordering is
 * {@link Ranking#byScore}: score, popularity, id.
 */
public final class CandidateScores implements Scores {
  private final Object2DoubleOpenHashMap<String> scores;
  private final RecoView state;
  private final Function<String, List<String>> reasons;

  /**
   * @param scores  candidate → score, every score finite and positive (takes ownership)
   * @param reasons candidate → reasons, for {@code explain} (called only for scored candidates)
   */
  public CandidateScores(
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
