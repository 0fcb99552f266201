package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.event.EventJsonReader.Format;
import io.mercato.engine.Engine;
import java.util.List;

/**
 * {@code POST /v1/items}: creates or replaces many catalog entries, all or nothing.
 *
 * <p>Request: like {@code POST /v1/events} (see {@link EventFormats}): Content-Type
 * {@code application/json} (one item object, or an array of them) or {@code application/x-ndjson}
 * (one per line, blank lines skipped), UTF-8, at most {@link ServerConfig#maxBodyBytes()} bytes. Each
 * item must carry its {@code item_id}. Items are applied in order: a later item of the same id
 * replaces an earlier one.
 *
 * <p>Response 200 once the whole batch is durable (one fsynced record) and visible:
 * {@code {"stored": n}}, {@code n} the number of items in the batch.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} when any item is invalid: {@code rejected}
 * lists each bad item's 0-based {@code index} with its {@code errors} (fields relative to the item),
 * {@code errors} the same flattened with an indexed field such as {@code [3].price}; nothing of the
 * batch is stored. 400 also for malformed JSON ({@code malformed-body}; in NDJSON a malformed line is
 * one invalid item) or an empty body (field {@code body}); 413 body too large; 415 wrong Content-Type;
 * 503 while the engine is not ready or the catalog cannot write.
 */
final class PostItemsEndpoint implements Handler {
  private final Engine engine;
  private final int maxBodyBytes;

  PostItemsEndpoint(Engine engine, int maxBodyBytes) {
    this.engine = engine;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    Format format = EventFormats.forContentType(ctx.header("Content-Type"));
    byte[] body = RequestBodies.read(ctx, engine, maxBodyBytes);
    List<CatalogItem> items = engine.catalogReader().readBatch(body, format);
    engine.putItems(items);
    Json.respond(ctx, 200, new Response(items.size()));
  }

  /** The 200 body. */
  record Response(int stored) {}
}
