package io.mercato.ml.rank;

import io.mercato.core.reco.RecoView;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.Scores;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cheap strategies whose scores and ranks are ranker features, in a fixed order (item_cf, user_cf,
 * als, mlp), each read through its serving {@link Recommender}. A stage whose supplier gives null (no
 * model) or that has nothing to say about the user contributes missing values (NaN scores, ranks past
 * the end), which LightGBM treats as missing.
 */
public final class FirstStage {
  /** Feature-name prefixes of the stages, in order. */
  public static final List<String> NAMES = List.of("itemcf", "usercf", "als", "mlp");

  private final List<Supplier<Recommender>> stages;

  /** Suppliers for item_cf, user_cf, als and mlp, in that order; a supplier may return null. */
  public FirstStage(
      Supplier<Recommender> itemCf,
      Supplier<Recommender> userCf,
      Supplier<Recommender> als,
      Supplier<Recommender> mlp) {
    this.stages =
        List.of(
            Objects.requireNonNull(itemCf),
            Objects.requireNonNull(userCf),
            Objects.requireNonNull(als),
            Objects.requireNonNull(mlp));
  }

  /** The stages' recommenders now (null where absent), in {@link #NAMES} order. */
  List<Recommender> current() {
    List<Recommender> out = new ArrayList<>(stages.size());
    for (Supplier<Recommender> s : stages) {
      out.add(s.get());
    }
    return out;
  }

  /**
   * Each stage's scores of {@code candidates} for the user: {@code out[stage][c]}, NaN where the stage has
   * nothing to say.
   */
  double[][] scores(String userId, List<String> candidates) {
    List<Recommender> rs = current();
    double[][] out = new double[rs.size()][candidates.size()];
    for (int k = 0; k < rs.size(); k++) {
      Recommender r = rs.get(k);
      Optional<Scores> s = r == null ? Optional.empty() : r.scores(userId, candidates);
      for (int c = 0; c < candidates.size(); c++) {
        out[k][c] = s.isPresent() ? s.get().score(candidates.get(c)) : Double.NaN;
      }
    }
    return out;
  }

  /**
   * The union of each present stage's top {@code perStage} items for the user, leaving out the items
   * in the user's live history (serving's {@code exclude_seen}; as training negatives they would teach
   * the ranker that a high first-stage score means "not chosen"), in stage order: the candidate pool the
   * ranker re-orders.
   */
  List<String> candidates(RecoView state, String userId, int perStage) {
    return candidates(state, userId, perStage, true);
  }

  /** As {@link #candidates(io.mercato.core.reco.RecoView, String, int)}, keeping seen items unless told. */
  List<String> candidates(RecoView state, String userId, int perStage, boolean excludeSeen) {
    Set<String> seen = excludeSeen ? seen(state, userId) : Set.of();
    LinkedHashSet<String> pool = new LinkedHashSet<>();
    for (Recommender r : current()) {
      if (r != null) {
        r.scores(userId).ifPresent(s -> pool.addAll(s.top(perStage, null, i -> !seen.contains(i))));
      }
    }
    return new ArrayList<>(pool);
  }

  /** The items in the user's live history. */
  static Set<String> seen(RecoView state, String userId) {
    RecoView.UserFacts u = state.user(userId);
    return u == null ? Set.of() : new HashSet<>(u.items());
  }
}
