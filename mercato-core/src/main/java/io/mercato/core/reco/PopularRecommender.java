package io.mercato.core.reco;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Popularity: items ranked by time-decayed summed interaction weights (half-life
 * {@link RecoConfig#popularityHalfLife()}), global or within a category. The same for every user,
 * so it answers users Mercato knows nothing about (cold start).
 */
public final class PopularRecommender implements Recommender {
  private final RecoView state;
  private final ItemInfo info;
  private final String period;

  public PopularRecommender(RecoView state, ItemInfo info) {
    this.state = state;
    this.info = info;
    this.period = period(state.config().popularityHalfLife());
  }

  /** "this hour", "today", "this week" or "lately", from the half-life. */
  static String period(Duration halfLife) {
    long h = halfLife.toHours();
    if (h <= 3) {
      return "this hour";
    }
    if (h <= 48) {
      return "today";
    }
    return h <= 24 * 10 ? "this week" : "lately";
  }

  @Override
  public Strategy strategy() {
    return Strategy.POPULAR;
  }

  @Override
  public String modelVersion() {
    return "live";
  }

  /** Always present: popularity needs nothing about the user. */
  @Override
  public Optional<Scores> scores(String userId) {
    return Optional.of(
        new Scores() {
          @Override
          public double score(String itemId) {
            return state.popularity(itemId);
          }

          @Override
          public double maxScore() {
            List<String> top = state.popular(null, 1, i -> true);
            return top.isEmpty() ? 0 : state.popularity(top.get(0));
          }

          @Override
          public List<String> top(int n, String category, Predicate<String> filter) {
            return state.popular(category, n, filter);
          }

          @Override
          public List<String> reasons(String itemId) {
            String c = info.category(itemId);
            if (c == null) {
              c = state.eventCategory(itemId);
            }
            return List.of(c == null ? "trending " + period : "popular in " + c + " " + period);
          }
        });
  }
}
