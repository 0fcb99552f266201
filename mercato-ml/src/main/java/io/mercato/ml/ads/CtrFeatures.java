package io.mercato.ml.ads;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.decide.AdLedger;
import io.mercato.core.ads.decide.CtrModel;
import io.mercato.ml.rank.FeatureState;
import java.util.List;

/**
 * The learned pCTR's features of showing an ad to a user in a placement, read at the impression's
 * moment from the live state (the same {@link FeatureState} the ranker reads) and the ad ledger. Only
 * rates and user state, no raw counts: counts only grow, so a model trained on last week's would meet
 * values it never saw (an earlier version with the ad's impression and click counts overpredicted
 * CTR by half on the next period).
 *
 * <table>
 *   <caption>features, in column order</caption>
 *   <tr><td>{@code posterior}</td><td>today's hierarchical Beta posterior mean ({@link CtrModel}): the
 *       learned model starts from what the default knows</td></tr>
 *   <tr><td>{@code category_affinity}</td><td>the user's decayed interest in the ad's category</td></tr>
 *   <tr><td>{@code category_recency_h}</td><td>hours since the user last touched the category; NaN if never</td></tr>
 *   <tr><td>{@code session_events}, {@code session_in_category}</td><td>the user's current session</td></tr>
 *   <tr><td>{@code placement}</td><td>the placement's index in the configured list (categorical)</td></tr>
 * </table>
 */
public final class CtrFeatures {
  public static final List<String> NAMES =
      List.of(
          "posterior",
          "category_affinity",
          "category_recency_h",
          "session_events",
          "session_in_category",
          "placement");

  private CtrFeatures() {}

  /** The features of one impression at {@code atMillis}; {@code placements} fixes the placement codes. */
  public static float[] compute(
      FeatureState state,
      AdLedger ledger,
      CtrModel posterior,
      Ad ad,
      String userId,
      String placement,
      List<String> placements,
      long atMillis) {
    String category = ad.category();
    long touched = state.lastTouch(userId, category, atMillis);
    FeatureState.Session s = state.session(userId, category, atMillis);
    return new float[] {
      (float) posterior.estimate(ledger, ad).mean(),
      (float) state.categoryAffinity(userId, category, atMillis),
      touched < 0 ? Float.NaN : (float) ((atMillis - touched) / 3_600_000.0),
      s.events(),
      s.inCategory(),
      placements.indexOf(placement)
    };
  }
}
