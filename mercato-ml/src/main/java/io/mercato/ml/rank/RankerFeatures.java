package io.mercato.ml.rank;

import io.mercato.core.reco.RecoView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ranker's features of (user, item) at a moment, every one read from a {@link FeatureState} as of
 * that moment (so training rows and serving compute them the same way). Missing values are NaN, which
 * LightGBM routes as missing.
 *
 * <table>
 *   <caption>features, in column order</caption>
 *   <tr><td>{@code itemcf_score}, {@code usercf_score}, {@code als_score}, {@code mlp_score}</td>
 *       <td>each first-stage strategy's score of the item for the user (item-CF, user-CF, iALS, MLP); NaN
 *       when the strategy has nothing to say</td></tr>
 *   <tr><td>{@code itemcf_rank} … {@code mlp_rank}</td><td>the item's 1-based rank among the candidates by
 *       that score (candidates + 1 when unscored)</td></tr>
 *   <tr><td>{@code popularity}, {@code popularity_rank}</td><td>time-decayed popularity (serving's) and its
 *       rank among the candidates</td></tr>
 *   <tr><td>{@code item_events_1h}, {@code _24h}, {@code _7d}</td><td>log(1 + the item's interaction events in
 *       the window)</td></tr>
 *   <tr><td>{@code item_trend}</td><td>(events in 24 h + 1) / (daily mean over 7 d + 1): above 1 when rising</td></tr>
 *   <tr><td>{@code item_ctr_24h}, {@code item_ctr_7d}</td><td>clicks / views smoothed toward the global rate
 *       of the window with 10 pseudo-views (as {@code /v1/stats} smooths)</td></tr>
 *   <tr><td>{@code item_cvr_7d}</td><td>purchases / clicks, smoothed the same way</td></tr>
 *   <tr><td>{@code category_affinity}</td><td>the user's decayed interaction weight in the item's category
 *       (1-day half-life)</td></tr>
 *   <tr><td>{@code category_recency_h}</td><td>hours since the user last touched the item's category; NaN if
 *       never</td></tr>
 *   <tr><td>{@code session_events}, {@code session_categories}, {@code session_in_category}</td><td>the
 *       current session's events, distinct categories, and events in the item's category</td></tr>
 *   <tr><td>{@code price}, {@code discount}</td><td>where known, else NaN</td></tr>
 *   <tr><td>{@code item_age_d}</td><td>days since the item's first event; NaN if never seen</td></tr>
 *   <tr><td>{@code user_items}</td><td>distinct items in the user's live history</td></tr>
 *   <tr><td>{@code item_users}</td><td>distinct users the item reached (log(1 + n))</td></tr>
 * </table>
 */
public final class RankerFeatures {
  static final long H1 = 3_600_000L;
  static final long H24 = 24 * H1;
  static final long D7 = 7 * H24;
  static final double PRIOR = 10;

  /** Column names, in order. */
  public static final List<String> NAMES;

  static {
    List<String> n = new ArrayList<>();
    for (String s : FirstStage.NAMES) {
      n.add(s + "_score");
      n.add(s + "_rank");
    }
    Collections.addAll(
        n,
        "popularity",
        "popularity_rank",
        "item_events_1h",
        "item_events_24h",
        "item_events_7d",
        "item_trend",
        "item_ctr_24h",
        "item_ctr_7d",
        "item_cvr_7d",
        "category_affinity",
        "category_recency_h",
        "session_events",
        "session_categories",
        "session_in_category",
        "price",
        "discount",
        "item_age_d",
        "user_items",
        "item_users");
    NAMES = List.copyOf(n);
  }

  /** Number of columns. */
  public static int count() {
    return NAMES.size();
  }

  private RankerFeatures() {}

  /**
   * The features of each candidate for the user at {@code atMillis}, row-major
   * ({@code candidates.size() × count()}).
   *
   * @throws IllegalStateException when {@code state} holds an event after {@code atMillis}
   */
  public static float[] compute(
      FeatureState state,
      FirstStage stages,
      String userId,
      List<String> candidates,
      long atMillis) {
    int f = count();
    int n = candidates.size();
    float[] out = new float[n * f];
    double[][] scores = stages.scores(userId, candidates);
    RecoView reco = state.reco();
    double[] pop = new double[n];
    for (int c = 0; c < n; c++) {
      pop[c] = reco.popularity(candidates.get(c));
    }
    long gView7 = state.globalCount(FeatureState.Kind.VIEW, D7, atMillis);
    long gClick7 = state.globalCount(FeatureState.Kind.CLICK, D7, atMillis);
    long gView24 = state.globalCount(FeatureState.Kind.VIEW, H24, atMillis);
    long gClick24 = state.globalCount(FeatureState.Kind.CLICK, H24, atMillis);
    long gBuy7 = state.globalCount(FeatureState.Kind.PURCHASE, D7, atMillis);
    RecoView.UserFacts user = reco.user(userId);
    int userItems = user == null ? 0 : user.size();
    for (int c = 0; c < n; c++) {
      String item = candidates.get(c);
      int o = c * f;
      int col = 0;
      for (double[] s : scores) {
        out[o + col++] = (float) s[c];
        out[o + col++] = rank(s, c);
      }
      out[o + col++] = (float) pop[c];
      out[o + col++] = rank(pop, c);
      long e1 = events(state, item, H1, atMillis);
      long e24 = events(state, item, H24, atMillis);
      long e7 = events(state, item, D7, atMillis);
      out[o + col++] = (float) Math.log1p(e1);
      out[o + col++] = (float) Math.log1p(e24);
      out[o + col++] = (float) Math.log1p(e7);
      out[o + col++] = (float) ((e24 + 1.0) / (e7 / 7.0 + 1.0));
      long v24 = state.itemCount(item, FeatureState.Kind.VIEW, H24, atMillis);
      long k24 = state.itemCount(item, FeatureState.Kind.CLICK, H24, atMillis);
      long v7 = state.itemCount(item, FeatureState.Kind.VIEW, D7, atMillis);
      long k7 = state.itemCount(item, FeatureState.Kind.CLICK, D7, atMillis);
      long b7 = state.itemCount(item, FeatureState.Kind.PURCHASE, D7, atMillis);
      out[o + col++] = (float) smoothed(k24, v24, rate(gClick24, gView24));
      out[o + col++] = (float) smoothed(k7, v7, rate(gClick7, gView7));
      out[o + col++] = (float) smoothed(b7, k7, rate(gBuy7, gClick7));
      String category = state.category(item);
      out[o + col++] = (float) state.categoryAffinity(userId, category, atMillis);
      long touched = state.lastTouch(userId, category, atMillis);
      out[o + col++] = touched < 0 ? Float.NaN : (float) ((atMillis - touched) / (double) H1);
      FeatureState.Session session = state.session(userId, category, atMillis);
      out[o + col++] = session.events();
      out[o + col++] = session.categories();
      out[o + col++] = session.inCategory();
      out[o + col++] = (float) state.price(item, atMillis);
      out[o + col++] = (float) state.discount(item, atMillis);
      long first = state.itemFirstSeen(item, atMillis);
      out[o + col++] = first < 0 ? Float.NaN : (float) ((atMillis - first) / (double) H24);
      out[o + col++] = userItems;
      out[o + col++] = (float) Math.log1p(Math.max(0, reco.userCount(item)));
    }
    return out;
  }

  private static long events(FeatureState s, String item, long window, long at) {
    long sum = 0;
    for (FeatureState.Kind k : FeatureState.Kind.values()) {
      sum += s.itemCount(item, k, window, at);
    }
    return sum;
  }

  /** 1-based rank of {@code v[c]} among {@code v} (higher first); NaN ranks after every number. */
  static float rank(double[] v, int c) {
    if (Double.isNaN(v[c])) {
      return v.length + 1;
    }
    int r = 1;
    for (int j = 0; j < v.length; j++) {
      if (j != c && v[j] > v[c]) {
        r++;
      }
    }
    return r;
  }

  private static double rate(long successes, long trials) {
    return trials == 0 ? 0 : Math.min(1, successes / (double) trials);
  }

  private static double smoothed(long successes, long trials, double prior) {
    return (Math.min(successes, trials) + PRIOR * prior) / (trials + PRIOR);
  }
}
