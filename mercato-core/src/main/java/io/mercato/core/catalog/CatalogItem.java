package io.mercato.core.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the item catalog: what a business says about an item, as opposed to what events
 * reveal about it. Produced by {@link CatalogJsonReader} (which also enforces the configured length
 * and count limits) or decoded by {@link CatalogItemCodec}; the compact constructor re-checks the
 * structural invariants, so code that builds items by hand cannot create an inconsistent one.
 *
 * @param itemId        the item id; never null or blank
 * @param category      the item's category, or null when none is known
 * @param price         a finite, non-negative price in the shop's currency units, or null when unknown
 *                      ({@code -0.0} is stored as {@code 0.0})
 * @param available     false when the item must not be recommended (sold out, withdrawn)
 * @param attributes    free flat attributes whose values are {@link String}, {@link Long},
 *                      {@link Double} (finite) or {@link Boolean}; never null, unmodifiable, in the
 *                      order given
 * @param updatedMillis when the entry was last written, epoch milliseconds (UTC)
 */
public record CatalogItem(
    String itemId,
    String category,
    Double price,
    boolean available,
    Map<String, Object> attributes,
    long updatedMillis) {

  public CatalogItem {
    Objects.requireNonNull(itemId, "itemId");
    if (itemId.isBlank()) {
      throw new IllegalArgumentException("itemId must not be blank");
    }
    if (category != null && category.isBlank()) {
      throw new IllegalArgumentException("category must not be blank (use null for none)");
    }
    if (price != null) {
      if (!Double.isFinite(price) || price < 0) {
        throw new IllegalArgumentException("price must be a finite number >= 0 but was " + price);
      }
      if (price == 0.0) {
        price = 0.0; // -0.0 == 0.0: one representation, so equal items encode to equal bytes
      }
    }
    Objects.requireNonNull(attributes, "attributes");
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      Objects.requireNonNull(a.getKey(), "attribute name");
      Object v = Objects.requireNonNull(a.getValue(), () -> "attribute " + a.getKey() + " is null");
      boolean ok =
          v instanceof String
              || v instanceof Long
              || v instanceof Boolean
              || (v instanceof Double d && Double.isFinite(d));
      if (!ok) {
        throw new IllegalArgumentException(
            "attribute "
                + a.getKey()
                + " must be a String, Long, finite Double or Boolean but was "
                + v
                + " ("
                + v.getClass().getSimpleName()
                + ")");
      }
    }
    attributes =
        attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An available item with no category, price or attributes. */
  public static CatalogItem of(String itemId, long updatedMillis) {
    return new CatalogItem(itemId, null, null, true, Map.of(), updatedMillis);
  }
}
