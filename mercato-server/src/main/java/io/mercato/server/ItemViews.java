package io.mercato.server;

import io.mercato.core.catalog.CatalogItem;
import java.util.Map;

/** How the item endpoints write an item. */
final class ItemViews {
  /** {@code source} of an item with a catalog entry. */
  static final String CATALOG = "catalog";

  /** {@code source} of an item known only from its events. */
  static final String EVENTS = "events";

  private ItemViews() {}

  /**
   * One item, the same shape whatever its source.
   *
   * @param source    {@value #CATALOG} or {@value #EVENTS}
   * @param category  the catalog category; null without one, and always null for {@value #EVENTS}
   *                  (the statistics do not keep which category an item's events named)
   * @param price     the catalog price, or null
   * @param available false only when the catalog entry says so
   * @param updatedAt when the catalog entry was written (ISO-8601 UTC); null for {@value #EVENTS}
   */
  record Item(
      String itemId,
      String source,
      String category,
      Double price,
      boolean available,
      Map<String, Object> attributes,
      String updatedAt) {}

  static Item of(CatalogItem i) {
    return new Item(
        i.itemId(),
        CATALOG,
        i.category(),
        i.price(),
        i.available(),
        i.attributes(),
        Json.time(i.updatedMillis()));
  }

  static Item fromEvents(String itemId, String category) {
    return new Item(itemId, EVENTS, category, null, true, Map.of(), null);
  }
}
