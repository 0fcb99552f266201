package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.error.ValidationException;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.server.backend.StateReads;
import java.util.List;

/**
 * {@code GET /v1/stats}: windowed statistics of one scope key, e.g.
 * <pre>{@code
 * {"scope": "global", "key": null, "now": "2026-11-24T12:00:00Z", "total": 12,
 *  "all_time": {"click": 4, "view": 8},
 *  "windows": {"10m": {"counts": {"click": 3, "view": 7}, "total": 10,
 *                      "rates": {"ctr": {"raw": 0.43, "smoothed": 0.43, "successes": 3, "trials": 7}, ...},
 *                      "distinct_users": {"estimate": 5, "lower_bound": 5, "upper_bound": 5}}, ...},
 *  "purchase_values": {"count": 2, "p50": 10.0, "p90": 30.0, "p99": 30.0, "min": 10.0, "max": 30.0,
 *                      "rank_error": 0.0165}}
 * }</pre>
 *
 * <p>Query parameters, all optional:
 * <ul>
 *   <li>{@code scope}: one of {@link StateReads#scopeNames()} ({@code global}, {@code user}, {@code item},
 *       {@code category}, {@code ad}, {@code campaign} and the configured composites such as
 *       {@code campaign_id+category}); default {@code global}.</li>
 *   <li>{@code key}: the scope key; required unless the scope is global, where it must be absent. A
 *       composite key joins the field values with {@code |} in the composite's order, e.g.
 *       {@code spring-sale|sports}.</li>
 *   <li>{@code window}: one configured window name ({@code 1m}, {@code 10m}, {@code 1h},
 *       {@code 24h}, {@code 7d} by default); absent: every window, in ascending length.</li>
 *   <li>{@code type}: restrict counts and totals to one event type.</li>
 * </ul>
 *
 * <p>Response 200 ({@link StatsViews.ScopeBody}): windows end at {@code now}, the newest accepted
 * event time (event time drives windows), and cover whole 10-second (up to 1 h) or 1-hour buckets.
 * Windowed counts are exact; {@code rates} are {@code ad_ctr} (ad_click/impression), {@code ctr}
 * (click/view) and {@code cvr} (purchase/click), {@code raw} null without trials, {@code smoothed}
 * shrunk toward the global rate of the same window by {@code stats.rate-prior-strength} pseudo-trials;
 * {@code distinct_users} (global, item, category, campaign) is a HyperLogLog estimate, exact below
 * about 384 users and otherwise within ~1.6% relative standard error (lgK 12), with ~95% bounds;
 * {@code purchase_values} (global and campaign, once a purchase with a value was seen) are all-time
 * KLL quantiles within 1.65% in rank. For the global scope only, {@code total} and {@code all_time}
 * carry the all-time counts per type since the data directory was created, as before windows existed.
 * Everything counts every event whose ingest was acknowledged before this request started
 * (read-your-writes); duplicates count once.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming {@code scope} (unknown, listing the
 * valid ones), {@code key} (missing, or given for global), {@code window} (unknown, listing the valid
 * ones) or a blank parameter; 404 {@code not-found} when no event of the key is retained; 503 while
 * the engine is not ready.
 */
final class StatsEndpoint implements Handler {
  private final StateReads reads;
  private final ScopeStatsReader reader;

  StatsEndpoint(StateReads reads) {
    this.reads = reads;
    this.reader = new ScopeStatsReader(reads);
  }

  @Override
  public void handle(Context ctx) {
    String scopeName = QueryParams.optional(ctx, "scope");
    ScopeStatsReader.Target target =
        reader.scope(scopeName == null ? ScopeStatsReader.GLOBAL : scopeName);
    String key = QueryParams.optional(ctx, "key");
    boolean global = target.name().equals(ScopeStatsReader.GLOBAL);
    if (global && key != null) {
      throw new ValidationException("key", "must be absent for scope global");
    }
    if (!global && key == null) {
      throw new ValidationException("key", "is required for scope " + target.name());
    }
    String windowName = QueryParams.optional(ctx, "window");
    Windows windows = reads.windows();
    List<Window> selected =
        windowName == null ? windows.all() : List.of(windows.byName(windowName));
    String type = QueryParams.optional(ctx, "type");
    Json.respond(ctx, 200, reader.read(target, key, selected, type, false));
  }
}
