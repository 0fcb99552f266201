package io.mercato.core.profile;

import java.util.Objects;

/**
 * One entry of a profile's recent items.
 *
 * @param itemId         the item
 * @param lastSeenMillis the newest event time (epoch ms) at which the user touched the item
 */
public record RecentItem(String itemId, long lastSeenMillis) {
  public RecentItem {
    Objects.requireNonNull(itemId, "itemId");
  }
}
