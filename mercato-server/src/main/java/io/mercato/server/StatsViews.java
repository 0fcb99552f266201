package io.mercato.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct.DistinctEstimate;
import io.mercato.core.stats.RateValue;
import io.mercato.core.trending.TopItems;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the statistics endpoints ({@code /v1/stats}, {@code /v1/items/{id}/stats},
 * {@code /v1/categories/{id}/stats}, {@code /v1/trending}), written in snake_case by {@link Json}.
 * Members marked "omitted" are left out of the JSON when they do not apply, rather than sent as null.
 */
final class StatsViews {
  private StatsViews() {}

  /**
   * The body of a scope read.
   *
   * @param scope          the scope name: {@code global}, {@code item}, ... or a composite such as
   *                       {@code campaign_id+category}
   * @param key            the scope key; null for {@code global} (written as {@code null})
   * @param now            the time the windows end at: the stream time, the newest effective event time (ISO-8601)
   * @param total          global scope only (else omitted): all-time number of events, the sum of
   *                       {@code allTime}; kept at the top level for clients of the all-time API
   * @param allTime        global scope only (else omitted): all-time events per type
   * @param windows        window name → statistics, in ascending window length
   * @param purchaseValues global and campaign scopes only, when at least one purchase with a value
   *                       was seen (else omitted): all-time quantiles of purchase values
   * @param trending       category endpoint only (else omitted): window name → top items
   */
  record ScopeBody(
      String scope,
      String key,
      String now,
      @JsonInclude(Include.NON_NULL) Long total,
      @JsonInclude(Include.NON_NULL) Map<String, Long> allTime,
      Map<String, WindowStats> windows,
      @JsonInclude(Include.NON_NULL) PurchaseValues purchaseValues,
      @JsonInclude(Include.NON_NULL) Map<String, Trending> trending) {}

  /**
   * One window of one scope key.
   *
   * @param counts        events per type in the window (exact), types in alphabetical order; a type
   *                      without events is absent
   * @param total         sum of {@code counts}
   * @param rates         rate name ({@code ad_ctr}, {@code ctr}, {@code cvr}) → value
   * @param distinctUsers distinct users (HyperLogLog); omitted for scopes that do not track them
   *                      (user, ad, composite scopes)
   */
  record WindowStats(
      Map<String, Long> counts,
      long total,
      Map<String, Rate> rates,
      @JsonInclude(Include.NON_NULL) Distinct distinctUsers) {}

  /**
   * A rate in a window: every number in [0, 1] or null (see {@link io.mercato.core.stats.Rates}).
   *
   * @param raw       {@code successes / trials}; null when that is not a rate, {@code reason} says why
   * @param smoothed  shrunk toward {@code prior} by the Beta prior; the prior alone without trials;
   *                  null when successes exceed trials, or without trials and prior
   * @param prior     the global rate of the same window, or null when the global counts give none
   *                  (then {@code smoothed} is {@code raw})
   * @param successes success events in the window
   * @param trials    trial events in the window
   * @param reason    null, or why {@code raw} is null: {@code no_trials}, or
   *                  {@code successes_exceed_trials} (e.g. clicks without views in the window)
   */
  record Rate(
      Double raw, Double smoothed, Double prior, long successes, long trials, String reason) {
    static Rate of(RateValue v) {
      return new Rate(
          v.raw(),
          v.smoothed(),
          v.prior(),
          v.successes(),
          v.trials(),
          v.reason() == null ? null : v.reason().code());
    }
  }

  /** A distinct count estimate with bounds at about 95% confidence; all 0 for an empty window. */
  record Distinct(long estimate, long lowerBound, long upperBound) {
    static Distinct of(DistinctEstimate e) {
      return new Distinct(e.estimate(), e.lowerBound(), e.upperBound());
    }
  }

  /**
   * All-time purchase value quantiles (KLL sketch). {@code count}, {@code min} and {@code max} are
   * exact; the quantiles are within {@code rankError} in rank (0.0165 at k 200, 99% confidence).
   */
  record PurchaseValues(
      long count, double p50, double p90, double p99, double min, double max, double rankError) {
    static PurchaseValues of(ValueQuantiles q) {
      return new PurchaseValues(
          q.count(), q.p50(), q.p90(), q.p99(), q.min(), q.max(), q.rankError());
    }
  }

  /**
   * The top items of a window and the guarantee the answer carries.
   *
   * @param items    best first: {@code count} descending, then {@code item_id} ascending
   * @param exact    true when {@code items} is provably the true top n (no missing item has as many
   *                 events as the last one listed)
   * @param maxError 0 when {@code exact}; otherwise the most events an item missing from the list may
   *                 have in the window
   */
  record Trending(List<TrendingItem> items, boolean exact, long maxError) {
    static Trending of(TopItems t) {
      return new Trending(
          t.items().stream().map(TrendingItem::of).toList(), t.exact(), t.maxError());
    }
  }

  /** A trending item and its exact number of events in the window. */
  record TrendingItem(String itemId, long count) {
    static TrendingItem of(TopItems.ItemCount c) {
      return new TrendingItem(c.itemId(), c.count());
    }
  }
}
