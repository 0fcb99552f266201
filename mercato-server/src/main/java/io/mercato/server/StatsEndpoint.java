package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.engine.Engine;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/stats}: event counts per type, e.g.
 * {@code {"window": "all", "total": 5, "counts": {"click": 3, "view": 2}}}.
 *
 * <p>{@code window} is always {@code "all"} for now (all-time counts since the data directory was
 * created); sliding windows (1m, 10m, 1h, 24h, 7d) come with a {@code window} query parameter later,
 * and {@code "all"} will stay the default. Counts include every event whose ingest was acknowledged
 * before this request started (read-your-writes); duplicates are counted once. Types are listed in
 * alphabetical order; a type with no events is absent. 503 (problem+json) while the engine is not
 * ready.
 */
final class StatsEndpoint implements Handler {
  static final String ALL_TIME = "all";

  private final Engine engine;

  StatsEndpoint(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    Map<String, Long> counts = new TreeMap<>(engine.countsByType());
    long total = 0;
    for (long c : counts.values()) {
      total += c;
    }
    Json.respond(ctx, 200, new Response(ALL_TIME, total, counts));
  }

  /** The 200 body. */
  record Response(String window, long total, Map<String, Long> counts) {}
}
