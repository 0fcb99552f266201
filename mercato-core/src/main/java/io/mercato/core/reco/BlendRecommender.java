package io.mercato.core.reco;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code auto}: picks or blends by what is known about the user.
 * <ul>
 *   <li>no interactions → empty, so the caller answers with popularity;</li>
 *   <li>fewer than {@link RecoConfig#blendMinItems()} distinct items → item-CF alone (it needs only
 *       one item to say something, and user-CF neighbours of a near-empty vector are noise);</li>
 *   <li>otherwise a blend of item_cf, user_cf and als with {@link RecoConfig#blendWeights()}: each
 *       strategy's scores are divided by its own maximum for this user (so each lies in [0, 1]),
 *       negative scores count as 0, and the weighted sum is the blended score. A strategy with
 *       nothing to say (no ALS model yet) drops out and the others keep their weights.</li>
 * </ul>
 * Candidates for the top-n are the union of each strategy's top {@code max(3n, 100)}.
 */
public final class BlendRecommender implements Recommender {
  private final RecoView state;
  private final Recommender itemCf;
  private final Map<Strategy, Supplier<Recommender>> parts;

  /**
   * @param parts the blendable strategies by name; a supplier may return null while a strategy is
   *              unavailable (ALS before the first training)
   */
  public BlendRecommender(
      RecoView state, Recommender itemCf, Map<Strategy, Supplier<Recommender>> parts) {
    this.state = state;
    this.itemCf = itemCf;
    this.parts = parts;
  }

  @Override
  public Strategy strategy() {
    return Strategy.AUTO;
  }

  @Override
  public String modelVersion() {
    List<String> v = new ArrayList<>();
    for (Supplier<Recommender> s : parts.values()) {
      Recommender r = s.get();
      if (r != null && !"live".equals(r.modelVersion())) {
        v.add(r.modelVersion());
      }
    }
    return v.isEmpty() ? "live" : "live+" + String.join("+", v);
  }

  @Override
  public Optional<Scores> scores(String userId) {
    RecoView.UserFacts u = state.user(userId);
    int size = u == null ? 0 : u.size();
    if (size == 0) {
      return Optional.empty();
    }
    if (size < state.config().blendMinItems()) {
      return itemCf.scores(userId);
    }
    List<Part> used = new ArrayList<>();
    for (Map.Entry<Strategy, Double> e : state.config().blendWeights().entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      Supplier<Recommender> sup = parts.get(e.getKey());
      Recommender r = sup == null ? null : sup.get();
      if (r == null) {
        continue;
      }
      Optional<Scores> s = r.scores(userId);
      if (s.isPresent()) {
        double max = s.get().maxScore();
        if (max > 0) {
          used.add(new Part(s.get(), e.getValue(), max));
        }
      }
    }
    if (used.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Blended(used));
  }

  private record Part(Scores scores, double weight, double max) {
    double contribution(String item) {
      return weight * Math.max(0, scores.score(item)) / max;
    }
  }

  private final class Blended implements Scores {
    private final List<Part> parts;

    Blended(List<Part> parts) {
      this.parts = parts;
    }

    @Override
    public double score(String itemId) {
      double s = 0;
      for (Part p : parts) {
        s += p.contribution(itemId);
      }
      return s;
    }

    @Override
    public double maxScore() {
      double max = 0;
      for (String i : top(1, null, x -> true)) {
        max = score(i);
      }
      return max;
    }

    @Override
    public List<String> top(int n, String category, Predicate<String> filter) {
      Set<String> pool = new LinkedHashSet<>();
      int depth = Math.max(3 * n, 100);
      for (Part p : parts) {
        pool.addAll(p.scores.top(depth, category, filter));
      }
      List<String> ids = new ArrayList<>(pool);
      ids.sort(Ranking.byScore(this::score, state::popularity));
      return ids.size() > n ? new ArrayList<>(ids.subList(0, n)) : ids;
    }

    @Override
    public List<String> reasons(String itemId) {
      Part best = null;
      double bestC = 0;
      for (Part p : parts) {
        double c = p.contribution(itemId);
        if (c > bestC) {
          bestC = c;
          best = p;
        }
      }
      return best == null ? List.of() : best.scores.reasons(itemId);
    }
  }
}
