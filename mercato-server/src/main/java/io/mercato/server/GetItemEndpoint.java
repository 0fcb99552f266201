package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.runtime.Scope;
import io.mercato.engine.Engine;
import java.util.Optional;

/**
 * {@code GET /v1/items/{id}}: one item, from the catalog or, failing that, from the events.
 * <pre>{@code {"item_id": "p-7", "source": "catalog", "category": "shoes", "price": 59.9, "available": true,
 *  "attributes": {"brand": "acme"}, "updated_at": "2026-11-24T12:00:00Z"}}</pre>
 *
 * <p>Items seen only in events exist implicitly: an item without a catalog entry but with retained
 * events answers {@code source} {@code events}, {@code available} true and {@code category},
 * {@code price}, {@code updated_at} null ({@code attributes} empty). The category its events named is
 * not kept per item by the statistics, so it is not reported. Path parameter {@code id}: the item id,
 * percent-encoded. No query parameters.
 *
 * <p>Errors (problem+json): 404 {@code not-found} when the item has neither a catalog entry nor a
 * retained event; 503 while the engine is not ready.
 */
final class GetItemEndpoint implements Handler {
  private final Engine engine;

  GetItemEndpoint(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<CatalogItem> entry = engine.catalog().get(id);
    if (entry.isPresent()) {
      Json.respond(ctx, 200, ItemViews.of(entry.get()));
    } else if (engine.knowsItem(id)) {
      // cheap: the recommenders index every item with interactions, and keep its events' category
      Json.respond(ctx, 200, ItemViews.fromEvents(id, engine.recoState().eventCategory(id)));
    } else if (engine.scopeStats(Scope.ITEM, id).isPresent()) {
      Json.respond(ctx, 200, ItemViews.fromEvents(id, null));
    } else {
      throw new ItemNotFoundException(id);
    }
  }
}
