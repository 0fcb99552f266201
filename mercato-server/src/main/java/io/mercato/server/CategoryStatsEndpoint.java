package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.server.backend.StateReads;

/**
 * {@code GET /v1/categories/{id}/stats}: the statistics of one category in every window; the body of
 * {@code GET /v1/stats?scope=category&key={id}} (see {@link StatsEndpoint}) plus
 * <pre>{@code "trending": {"1m": {"items": [{"item_id": "p-7", "count": 12}, ...], "exact": true,
 *                        "max_error": 0}, ...}}</pre>
 * the category's top {@value ScopeStatsReader#CATEGORY_TRENDING_ITEMS} items per window by events of
 * type view, click, add_to_cart and purchase with this category, exact counts, with the guarantee of
 * {@link TrendingEndpoint}.
 *
 * <p>Path parameter {@code id}: the category, percent-encoded. A category containing {@code /}
 * cannot be addressed in a path; use {@code /v1/stats?scope=category&key=...} for it. No query
 * parameters.
 *
 * <p>Errors (problem+json): 404 {@code not-found} when no event of the category is retained; 503
 * while the engine is not ready.
 */
final class CategoryStatsEndpoint implements Handler {
  private final StateReads reads;
  private final ScopeStatsReader reader;

  CategoryStatsEndpoint(StateReads reads) {
    this.reads = reads;
    this.reader = new ScopeStatsReader(reads);
  }

  @Override
  public void handle(Context ctx) {
    String id = ctx.pathParam("id");
    Json.respond(
        ctx, 200, reader.read(reader.scope("category"), id, reads.windows().all(), null, true));
  }
}
