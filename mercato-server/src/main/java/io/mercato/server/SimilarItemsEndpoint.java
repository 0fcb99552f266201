package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.reco.SimilarItem;
import io.mercato.server.backend.RecoReads;
import java.util.List;

/**
 * {@code GET /v1/similar-items/{itemId}?n=10}: the item's item-CF neighbours that may be recommended,
 * most similar first:
 * <pre>{@code {"item_id": "p-7", "items": [{"item_id": "p-9", "similarity": 0.61, "cooccurrence": 12}]}}</pre>
 * {@code similarity} is the cosine of the two items' user sets (see {@code RecoState}); {@code n}
 * is 1..1000, default 10.
 *
 * <p>Errors (problem+json): 404 for an item without interactions; 400 naming {@code n}; 503 while
 * the engine is not ready.
 */
final class SimilarItemsEndpoint implements Handler {
  private final RecoReads engine;

  SimilarItemsEndpoint(RecoReads engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    String item = ctx.pathParam("id");
    int n = QueryParams.intInRange(ctx, "n", 1, 1000, 10);
    if (!engine.knowsItem(item)) {
      throw new NotFoundException(
          "item \"" + item + "\" has no interactions, so it has no similar items yet");
    }
    List<SimilarItem> items = engine.similarItems(item, n);
    Json.respond(
        ctx,
        200,
        new Response(
            item,
            items.stream()
                .map(s -> new Item(s.itemId(), s.similarity(), s.cooccurrence()))
                .toList()));
  }

  record Response(String item_id, List<Item> items) {}

  record Item(String item_id, double similarity, int cooccurrence) {}
}
