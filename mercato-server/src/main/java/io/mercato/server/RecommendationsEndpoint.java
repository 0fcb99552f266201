package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.ScoredItem;
import io.mercato.core.reco.Strategy;
import io.mercato.server.backend.RecoReads;
import java.util.List;

/**
 * {@code GET /v1/recommendations/{userId}}: the top items for a user, live.
 * <pre>{@code {"user_id": "u-42", "strategy": "auto", "used": "item_cf", "model_version": "live",
 *  "backfilled": 0, "items": [{"item_id": "p-9", "score": 0.83, "reasons": ["similar to p-7 you viewed"]}]}}</pre>
 *
 * <p>Query parameters, all optional: {@code n} 1..1000 (default 10); {@code strategy} one of
 * {@code auto, popular, user_cf, item_cf, als, mlp, ranked} (default auto); {@code category} only items of this
 * category; {@code exclude_seen} (default true) leaves out the user's recent items;
 * {@code explain} (default false) fills {@code reasons}.
 *
 * <p>An unknown user is not an error: the answer is popular items ({@code "used": "popular"}). The
 * answer reflects every event acknowledged before the request (read-your-writes).
 *
 * <p>Errors (problem+json): 400 naming {@code n}, {@code strategy} (listing the valid ones),
 * {@code exclude_seen}, {@code explain} or a blank parameter; 503 while the engine is not ready.
 */
final class RecommendationsEndpoint implements Handler {
  private final RecoReads engine;

  RecommendationsEndpoint(RecoReads engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    String user = ctx.pathParam("id");
    int n = QueryParams.intInRange(ctx, "n", 1, RecoRequest.MAX_N, 10);
    Strategy strategy = RecoParams.strategy("strategy", QueryParams.optional(ctx, "strategy"));
    String category = QueryParams.optional(ctx, "category");
    boolean excludeSeen = RecoParams.bool(ctx, "exclude_seen", true);
    boolean explain = RecoParams.bool(ctx, "explain", false);
    RecoResult r =
        engine.recommend(user, strategy, new RecoRequest(n, category, excludeSeen, explain));
    Json.respond(ctx, 200, Response.of(user, r));
  }

  /** The 200 body. */
  record Response(
      String user_id,
      String strategy,
      String used,
      String model_version,
      int backfilled,
      List<Item> items) {
    static Response of(String user, RecoResult r) {
      return new Response(
          user,
          r.strategy().apiName(),
          r.used(),
          r.modelVersion(),
          r.backfilled(),
          r.items().stream().map(Item::of).toList());
    }
  }

  /** One recommended item. */
  record Item(String item_id, double score, List<String> reasons) {
    static Item of(ScoredItem s) {
      return new Item(s.itemId(), s.score(), s.reasons());
    }
  }
}
