package io.mercato.core.profile;

import io.mercato.core.event.EventTypes;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link UserProfile} is maintained. Every cap here bounds per-user memory (ARCHITECTURE.md
 * §4.5).
 *
 * @param recentItems      how many distinct recent items are kept, 0–10,000 (default 50)
 * @param affinityHalfLife half-life of category affinity: a category's score halves for every such
 *                         span of event time without new events in it; at least 1 ms (default 1 day)
 * @param sessionGap       inactivity (in event time) that ends a session; strictly longer gaps split,
 *                         at least 1 ms (default 30 minutes)
 * @param sessionItems     how many distinct items a {@link Session} lists, 0–{@code recentItems}
 *                         (default 20); session items are read from the recent items, so they cannot
 *                         outnumber them
 * @param typeWeights      affinity weight added per event type, finite and not negative; types that
 *                         are absent add nothing (default view 1, click 2, add_to_cart 3, purchase 5);
 *                         unmodifiable copy
 * @param maxCategories    how many categories keep an affinity score, 0–10,000 (default 32); beyond
 *                         that the lowest score is dropped
 */
public record ProfileConfig(
    int recentItems,
    Duration affinityHalfLife,
    Duration sessionGap,
    int sessionItems,
    Map<String, Double> typeWeights,
    int maxCategories) {
  /** Upper bound of the list caps; a typo such as 50000 should fail, not eat the heap. */
  public static final int MAX_CAP = 10_000;

  public static final int DEFAULT_MAX_CATEGORIES = 32;

  public ProfileConfig {
    Objects.requireNonNull(affinityHalfLife, "affinityHalfLife");
    Objects.requireNonNull(sessionGap, "sessionGap");
    Objects.requireNonNull(typeWeights, "typeWeights");
    if (recentItems < 0 || recentItems > MAX_CAP) {
      throw new IllegalArgumentException(
          "recent items must be in [0, " + MAX_CAP + "] but was " + recentItems);
    }
    if (sessionItems < 0 || sessionItems > recentItems) {
      throw new IllegalArgumentException(
          "session items must be in [0, recent items = "
              + recentItems
              + "] because they are read from the recent items, but was "
              + sessionItems);
    }
    if (maxCategories < 0 || maxCategories > MAX_CAP) {
      throw new IllegalArgumentException(
          "max categories must be in [0, " + MAX_CAP + "] but was " + maxCategories);
    }
    if (affinityHalfLife.toMillis() < 1) {
      throw new IllegalArgumentException(
          "affinity half-life must be at least 1 ms but was " + affinityHalfLife);
    }
    if (sessionGap.toMillis() < 1) {
      throw new IllegalArgumentException("session gap must be at least 1 ms but was " + sessionGap);
    }
    for (Map.Entry<String, Double> e : typeWeights.entrySet()) {
      Double w = e.getValue();
      if (e.getKey() == null || w == null || !Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(
            "type weight of " + e.getKey() + " must be a finite number >= 0 but was " + w);
      }
    }
    typeWeights = Map.copyOf(typeWeights);
  }

  /** A configuration with the default category cap ({@value #DEFAULT_MAX_CATEGORIES}). */
  public ProfileConfig(
      int recentItems,
      Duration affinityHalfLife,
      Duration sessionGap,
      int sessionItems,
      Map<String, Double> typeWeights) {
    this(
        recentItems,
        affinityHalfLife,
        sessionGap,
        sessionItems,
        typeWeights,
        DEFAULT_MAX_CATEGORIES);
  }

  /** 50 recent items, 1-day half-life, 30-minute sessions listing 20 items, funnel weights, 32 categories. */
  public static ProfileConfig defaults() {
    return new ProfileConfig(
        50,
        Duration.ofDays(1),
        Duration.ofMinutes(30),
        20,
        Map.of(
            EventTypes.VIEW,
            1.0,
            EventTypes.CLICK,
            2.0,
            EventTypes.ADD_TO_CART,
            3.0,
            EventTypes.PURCHASE,
            5.0));
  }

  /** The affinity weight of {@code type}, 0 when it has none. */
  public double weight(String type) {
    Double w = typeWeights.get(type);
    return w == null ? 0 : w;
  }
}
