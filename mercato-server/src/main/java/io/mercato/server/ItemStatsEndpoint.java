package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.server.backend.StateReads;

/**
 * {@code GET /v1/items/{id}/stats}: the statistics of one item in every window; the same body as
 * {@code GET /v1/stats?scope=item&key={id}} (see {@link StatsEndpoint}): {@code scope} {@code item},
 * {@code key} the id, {@code now}, and per window {@code counts}, {@code total}, {@code rates} and
 * {@code distinct_users}.
 *
 * <p>Path parameter {@code id}: the item id, percent-encoded. An id containing {@code /} cannot be
 * addressed in a path; use {@code /v1/stats?scope=item&key=...} for it. No query parameters.
 *
 * <p>Errors (problem+json): 404 {@code not-found} when no event of the item is retained (never seen,
 * or idle for longer than the longest window plus the allowed lateness); 503 while the engine is not
 * ready.
 */
final class ItemStatsEndpoint implements Handler {
  private final StateReads reads;
  private final ScopeStatsReader reader;

  ItemStatsEndpoint(StateReads reads) {
    this.reads = reads;
    this.reader = new ScopeStatsReader(reads);
  }

  @Override
  public void handle(Context ctx) {
    String id = ctx.pathParam("id");
    Json.respond(
        ctx, 200, reader.read(reader.scope("item"), id, reads.windows().all(), null, false));
  }
}
