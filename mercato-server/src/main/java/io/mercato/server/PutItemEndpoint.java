package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.catalog.CatalogItem;
import io.mercato.engine.Engine;
import java.util.List;

/**
 * {@code PUT /v1/items/{id}}: creates or replaces the catalog entry of one item.
 *
 * <p>Request: Content-Type {@code application/json}, one item object (see
 * {@link io.mercato.core.catalog.CatalogJsonReader}); {@code item_id} may be left out, and when
 * present must equal the path id. The entry is replaced whole: members left out take their defaults
 * (no category, no price, available, no attributes). Path parameter {@code id}: the item id,
 * percent-encoded.
 *
 * <p>Response 200 once the entry is durable (fsynced) and visible to reads: the stored item, as
 * {@code GET /v1/items/{id}} answers it ({@code source} {@code catalog}, {@code updated_at} the
 * server's time of the write).
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming every broken rule's field (a mismatching
 * {@code item_id} on field {@code item_id}; an empty or non-object body on field {@code body}) or
 * {@code malformed-body}; 413 body too large; 415 Content-Type not JSON; 503 while the engine is not
 * ready or the catalog cannot write. After an error nothing was stored.
 */
final class PutItemEndpoint implements Handler {
  private final Engine engine;
  private final int maxBodyBytes;

  PutItemEndpoint(Engine engine, int maxBodyBytes) {
    this.engine = engine;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    EventFormats.requireJson(ctx.header("Content-Type"));
    byte[] body = RequestBodies.read(ctx, engine, maxBodyBytes);
    CatalogItem item = engine.catalogReader().readItem(body, ctx.pathParam("id"));
    engine.putItems(List.of(item));
    Json.respond(ctx, 200, ItemViews.of(item));
  }
}
