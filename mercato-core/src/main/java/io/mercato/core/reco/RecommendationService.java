package io.mercato.core.reco;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one code path for recommendations, re-ranking and similar items, shared by the HTTP API and
 * {@code mercato evaluate}. It owns the filtering rules:
 * <ul>
 *   <li>an item the catalog marks unavailable is never recommended, and is listed last when asked
 *       to re-rank;</li>
 *   <li>{@code category} keeps items whose catalog category (else the category seen in their events)
 *       matches;</li>
 *   <li>{@code exclude_seen} drops items in the user's history
 *       ({@link RecoConfig#historySize()} most recent distinct items);</li>
 *   <li>a strategy with nothing to say about the user answers with popularity, and a strategy that
 *       finds fewer than n items is topped up with popular items (after its own, score 0).</li>
 * </ul>
 */
public final class RecommendationService {
  private final RecoView state;
  private final ItemInfo info;
  private final Recommender popular;
  private final Map<Strategy, Supplier<Recommender>> strategies;

  /**
   * @param als the ALS recommender of the current model, or null while none is trained
   */
  public RecommendationService(RecoView state, ItemInfo info, Supplier<Recommender> als) {
    this(state, info, als == null ? Map.of() : Map.of(Strategy.ALS, als));
  }

  /**
   * @param models the trained strategies ({@link Strategy#ALS}, {@link Strategy#MLP},
   *               {@link Strategy#RANKED}) by name; a supplier may return null while its strategy has no
   *               model, and a strategy missing from the map has none. Only ALS joins {@code auto}.
   */
  public RecommendationService(
      RecoView state, ItemInfo info, Map<Strategy, Supplier<Recommender>> models) {
    Supplier<Recommender> als = models.getOrDefault(Strategy.ALS, () -> null);
    this.state = state;
    this.info = info;
    this.popular = new PopularRecommender(state, info);
    Recommender itemCf = new ItemCfRecommender(state);
    Recommender userCf = new UserCfRecommender(state);
    Map<Strategy, Supplier<Recommender>> blendParts = new EnumMap<>(Strategy.class);
    blendParts.put(Strategy.ITEM_CF, () -> itemCf);
    blendParts.put(Strategy.USER_CF, () -> userCf);
    blendParts.put(Strategy.ALS, als);
    Recommender auto = new BlendRecommender(state, itemCf, blendParts);
    Map<Strategy, Supplier<Recommender>> m = new EnumMap<>(Strategy.class);
    m.put(Strategy.POPULAR, () -> popular);
    m.put(Strategy.ITEM_CF, () -> itemCf);
    m.put(Strategy.USER_CF, () -> userCf);
    m.put(Strategy.ALS, als);
    m.put(Strategy.MLP, models.getOrDefault(Strategy.MLP, () -> null));
    m.put(Strategy.RANKED, models.getOrDefault(Strategy.RANKED, () -> null));
    m.put(Strategy.AUTO, () -> auto);
    this.strategies = m;
  }

  /**
   * The live state this service reads.
   *
   * @throws IllegalStateException when it reads another view (a cluster node's copy)
   */
  public RecoState state() {
    if (state instanceof RecoState s) {
      return s;
    }
    throw new IllegalStateException(
        "this service reads a " + state.getClass().getSimpleName() + ", not a RecoState");
  }

  /** The view this service reads. */
  public RecoView view() {
    return state;
  }

  /** The category used for filtering: the catalog's, else the one seen in events; null if neither. */
  public String categoryOf(String itemId) {
    String c = info.category(itemId);
    return c != null ? c : state.eventCategory(itemId);
  }

  /** Top-n for {@code userId}; an unknown user gets popular items (not an error). */
  public RecoResult recommend(String userId, Strategy strategy, RecoRequest req) {
    Set<String> seen = req.excludeSeen() ? seen(userId) : Set.of();
    String cat = req.category();
    Predicate<String> filter =
        item ->
            info.available(item)
                && !seen.contains(item)
                && (cat == null || cat.equals(categoryOf(item)));
    Recommender r = resolve(strategy);
    Optional<Scores> scores = r == null ? Optional.empty() : r.scores(userId);
    String used = used(strategy, userId, scores.isPresent());
    Scores s = scores.orElseGet(() -> popular.scores(userId).orElseThrow());
    List<ScoredItem> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (String id : s.top(req.n(), cat, filter)) {
      out.add(
          new ScoredItem(
              id,
              s.score(id),
              state.popularity(id),
              true,
              req.explain() ? s.reasons(id) : List.of()));
      taken.add(id);
    }
    int backfilled = 0;
    if (out.size() < req.n()) {
      Scores pop = popular.scores(userId).orElseThrow();
      for (String id : pop.top(req.n() - out.size(), cat, filter.and(i -> !taken.contains(i)))) {
        out.add(
            new ScoredItem(
                id, 0, state.popularity(id), true, req.explain() ? pop.reasons(id) : List.of()));
        backfilled++;
      }
    }
    String version = r == null || scores.isEmpty() ? "live" : r.modelVersion();
    return new RecoResult(out, strategy, used, version, scores.isPresent() ? backfilled : 0);
  }

  /**
   * Re-ranks {@code items} for the user: every given item comes back once, available items by
   * score (ties: popularity, then id), unavailable ones last. Duplicates are the caller's to refuse.
   */
  public RecoResult rank(String userId, List<String> items, Strategy strategy, boolean explain) {
    Recommender r = resolve(strategy);
    Optional<Scores> scores = r == null ? Optional.empty() : r.scores(userId, items);
    String used = used(strategy, userId, scores.isPresent());
    Scores s = scores.orElseGet(() -> popular.scores(userId).orElseThrow());
    List<ScoredItem> out = new ArrayList<>(items.size());
    for (String id : items) {
      boolean available = info.available(id);
      double score = s.score(id);
      List<String> reasons =
          !explain ? List.of() : !available ? List.of("unavailable") : s.reasons(id);
      out.add(new ScoredItem(id, score, state.popularity(id), available, reasons));
    }
    out.sort(
        Comparator.comparing((ScoredItem x) -> !x.available())
            .thenComparing(Comparator.comparingDouble(ScoredItem::score).reversed())
            .thenComparing(Comparator.comparingDouble(ScoredItem::popularity).reversed())
            .thenComparing(ScoredItem::itemId));
    String version = r == null || scores.isEmpty() ? "live" : r.modelVersion();
    return new RecoResult(out, strategy, used, version, 0);
  }

  /** Item-CF neighbours of an item that may be recommended, most similar first. */
  public List<SimilarItem> similarItems(String itemId, int n) {
    return state.similarItems(itemId, n, info::available);
  }

  private Recommender resolve(Strategy s) {
    Supplier<Recommender> sup = strategies.get(s);
    return sup == null ? null : sup.get();
  }

  private String used(Strategy s, String userId, boolean answered) {
    if (!answered) {
      return Strategy.POPULAR.apiName();
    }
    if (s == Strategy.AUTO) {
      var h = state.user(userId);
      return h != null && h.size() < state.config().blendMinItems()
          ? Strategy.ITEM_CF.apiName()
          : "blend";
    }
    return s.apiName();
  }

  private Set<String> seen(String userId) {
    RecoView.UserFacts h = state.user(userId);
    return h == null ? Set.of() : new HashSet<>(h.items());
  }
}
