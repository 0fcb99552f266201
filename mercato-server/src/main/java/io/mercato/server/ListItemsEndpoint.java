package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.CatalogView;
import io.mercato.engine.Engine;
import java.util.List;

/**
 * {@code GET /v1/items}: the catalog entries, a page at a time, in ascending {@code item_id} order
 * (by UTF-16 code units):
 * <pre>{@code {"items": [{"item_id": "p-1", "source": "catalog", ...}], "next_after": "p-1", "total": 1042}}</pre>
 * Items known only from events are not listed.
 *
 * <p>Query parameters, all optional:
 * <ul>
 *   <li>{@code limit}: entries per page, 1..1000, default 100.</li>
 *   <li>{@code after}: start after this id (exclusive); pass the previous page's {@code next_after}.</li>
 * </ul>
 *
 * <p>Response 200: {@code next_after} is the last id of the page when more entries follow, else null;
 * {@code total} the number of entries in the catalog. Paging visits every entry that exists throughout
 * exactly once, even while the catalog is written.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming {@code limit} or a blank parameter; 503
 * while the engine is not ready.
 */
final class ListItemsEndpoint implements Handler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Engine engine;

  ListItemsEndpoint(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    String after = QueryParams.optional(ctx, "after");
    CatalogView catalog = engine.catalog();
    List<CatalogItem> page =
        catalog.list(after, limit + 1); // one more tells whether another page follows
    boolean more = page.size() > limit;
    List<CatalogItem> items = more ? page.subList(0, limit) : page;
    String next = more ? items.get(items.size() - 1).itemId() : null;
    Json.respond(
        ctx, 200, new Response(items.stream().map(ItemViews::of).toList(), next, catalog.size()));
  }

  /** The 200 body. */
  record Response(List<ItemViews.Item> items, String nextAfter, int total) {}
}
