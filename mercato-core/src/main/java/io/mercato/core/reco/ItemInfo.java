package io.mercato.core.reco;

/**
 * What the recommenders need to know about an item beyond interactions: whether it may be
 * recommended and its category. The embedded runtime backs it with the catalog, falling back to the
 * category seen in events.
 */
public interface ItemInfo {
  /** Everything available, no categories. */
  ItemInfo NONE =
      new ItemInfo() {
        @Override
        public boolean available(String itemId) {
          return true;
        }

        @Override
        public String category(String itemId) {
          return null;
        }
      };

  /** False when the item must never be recommended (marked unavailable in the catalog). */
  boolean available(String itemId);

  /** The item's category, or null when unknown. */
  String category(String itemId);
}
