package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.time.Window;
import io.mercato.server.backend.StateReads;
import java.util.List;

/**
 * {@code GET /v1/trending}: the items with the most events in a window, globally or in one category:
 * <pre>{@code {"window": "1h", "category": null, "now": "2026-11-24T12:00:00Z",
 *  "items": [{"item_id": "p-7", "count": 42}, ...], "exact": true, "max_error": 0}}</pre>
 *
 * <p>Query parameters, all optional:
 * <ul>
 *   <li>{@code window}: a configured window name, default {@code 1h} (which must then be configured).</li>
 *   <li>{@code n}: how many items at most, 1..1000, default 10.</li>
 *   <li>{@code category}: only events of this category. A category without events answers an empty
 *       list, not 404: a new category simply has no trend yet.</li>
 * </ul>
 *
 * <p>Response 200: items by {@code count} descending, then {@code item_id} ascending, counting
 * events of type view, click, add_to_cart and purchase that carry an {@code item_id}, in the window
 * ending at {@code now} (the stream time), with the window semantics of {@code /v1/stats}. Every
 * {@code count} is exact: the item's own windowed count. {@code exact} says whether the list is
 * provably the true top n; the embedded runtime always answers exactly (it can count every item), the
 * cluster runtime looks up the candidates of a frequent-items sketch and, when the sketch's error is
 * too large to prove the list (a long tail), answers {@code "exact": false} with {@code max_error},
 * the most events an item missing from the list may have. Fewer than {@code n} items are returned
 * when the window has fewer with events.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming {@code window} (listing the valid
 * names), {@code n} or a blank parameter; 503 while the engine is not ready.
 */
final class TrendingEndpoint implements Handler {
  static final String DEFAULT_WINDOW = "1h";
  static final int DEFAULT_N = 10;
  static final int MAX_N = 1000;

  private final StateReads reads;

  TrendingEndpoint(StateReads reads) {
    this.reads = reads;
  }

  @Override
  public void handle(Context ctx) {
    Window w = QueryParams.window(ctx, "window", reads.windows(), DEFAULT_WINDOW);
    int n = QueryParams.intInRange(ctx, "n", 1, MAX_N, DEFAULT_N);
    String category = QueryParams.optional(ctx, "category");
    StateReads.Trending top = reads.trending(category);
    StatsViews.Trending t = StatsViews.Trending.of(top.items().top(w, n));
    Json.respond(
        ctx,
        200,
        new Response(
            w.name(), category, Json.time(top.nowMillis()), t.items(), t.exact(), t.maxError()));
  }

  /** The 200 body: see {@link StatsViews.Trending}. */
  record Response(
      String window,
      String category,
      String now,
      List<StatsViews.TrendingItem> items,
      boolean exact,
      long maxError) {}
}
