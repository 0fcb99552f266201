package io.mercato.core.reco;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the recommenders keep and how they score. Every cap bounds memory or per-event work
 * (ARCHITECTURE.md §4.5).
 *
 * @param weights             interaction weight per event type (default view 1, click 2, add_to_cart 3,
 *                            purchase 5)
 * @param historySize         distinct items remembered per user, most recent first, 1–10,000 (default
 *                            100): the user's vector for user-CF and ALS fold-in, and the items
 *                            {@code exclude_seen} removes
 * @param itemUsers           most recent users remembered per item, 1–10,000 (default 100): the
 *                            inverted index user-CF finds neighbours through (its fan-out bound)
 * @param userNeighbours      neighbours user-CF scores with, 1–10,000 (default 50)
 * @param cooccurrenceWindow  how many of the user's previous items an item newly seen by the user
 *                            co-occurs with, 1–1,000 (default 20): item-CF work per event is
 *                            proportional to it
 * @param cooccurrenceCap     co-occurrence counts kept per item, 1–100,000 (default 500); when full
 *                            the lowest counts are dropped
 * @param itemNeighbours      neighbours kept per item for item-CF and similar items, 1–1,000 (default
 *                            50)
 * @param popularityHalfLife  half-life of popularity in event time, at least 1 s (default 1 day)
 * @param blendMinItems       users with fewer distinct items get item-CF only from {@code auto}
 *                            (default 5)
 * @param blendWeights        the {@code auto} blend of item_cf, user_cf and als for users with at
 *                            least {@code blendMinItems} items (default item_cf 0.5, user_cf 0.3,
 *                            als 0.2); weights ≥ 0, at least one positive
 * @param recencyDecay        item-CF weight of the k-th most recent history item is
 *                            {@code recencyDecay^k}, in (0, 1] (default 0.9): recent interest counts
 *                            more, so recommendations follow the user in real time
 * @param idleTtl             users and items without events for this long (event time) are forgotten
 *                            at the next snapshot, at least 1 minute (default 30 days)
 */
public record RecoConfig(
    InteractionWeights weights,
    int historySize,
    int itemUsers,
    int userNeighbours,
    int cooccurrenceWindow,
    int cooccurrenceCap,
    int itemNeighbours,
    Duration popularityHalfLife,
    int blendMinItems,
    Map<Strategy, Double> blendWeights,
    double recencyDecay,
    Duration idleTtl) {

  public RecoConfig {
    Objects.requireNonNull(weights, "reco.weights");
    Objects.requireNonNull(popularityHalfLife, "reco.popularity-half-life");
    Objects.requireNonNull(blendWeights, "reco.blend-weights");
    Objects.requireNonNull(idleTtl, "reco.idle-ttl");
    check("reco.history-size", historySize, 1, 10_000);
    check("reco.item-users", itemUsers, 1, 10_000);
    check("reco.user-neighbours", userNeighbours, 1, 10_000);
    check("reco.cooccurrence-window", cooccurrenceWindow, 1, 1_000);
    check("reco.cooccurrence-cap", cooccurrenceCap, 1, 100_000);
    check("reco.item-neighbours", itemNeighbours, 1, 1_000);
    check("reco.blend-min-items", blendMinItems, 0, 10_000);
    if (popularityHalfLife.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "reco.popularity-half-life must be at least 1s but was " + popularityHalfLife);
    }
    if (idleTtl.toMillis() < 60_000) {
      throw new IllegalArgumentException("reco.idle-ttl must be at least 1m but was " + idleTtl);
    }
    if (!(recencyDecay > 0 && recencyDecay <= 1)) {
      throw new IllegalArgumentException(
          "reco.recency-decay must be in (0, 1] but was " + recencyDecay);
    }
    EnumMap<Strategy, Double> bw = new EnumMap<>(Strategy.class);
    double sum = 0;
    for (Map.Entry<Strategy, Double> e : blendWeights.entrySet()) {
      Strategy s = e.getKey();
      Double w = e.getValue();
      if (s != Strategy.ITEM_CF && s != Strategy.USER_CF && s != Strategy.ALS) {
        throw new IllegalArgumentException(
            "reco.blend-weights may name item_cf, user_cf and als but names " + s);
      }
      if (w == null || !Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(
            "reco.blend-weights: the weight of " + s + " must be >= 0 but was " + w);
      }
      bw.put(s, w);
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException(
          "reco.blend-weights must give at least one strategy a positive weight");
    }
    blendWeights = Collections.unmodifiableMap(bw);
  }

  private static void check(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "] but was " + v);
    }
  }

  /** The defaults listed above. */
  public static RecoConfig defaults() {
    return new RecoConfig(
        InteractionWeights.defaults(),
        100,
        100,
        50,
        20,
        500,
        50,
        Duration.ofDays(1),
        5,
        parseBlend("item_cf=0.5,user_cf=0.3,als=0.2"),
        0.9,
        Duration.ofDays(30));
  }

  /**
   * Parses {@code "item_cf=0.5,user_cf=0.3,als=0.2"}; strategies not named get 0.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static Map<Strategy, Double> parseBlend(String spec) {
    Map<Strategy, Double> m = new EnumMap<>(Strategy.class);
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "reco.blend-weights: expected strategy=weight but found '" + p + "'");
      }
      String name = p.substring(0, eq).trim();
      Strategy s =
          Strategy.parse(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "reco.blend-weights: unknown strategy '"
                              + name
                              + "'; valid: item_cf, user_cf, als"));
      try {
        m.put(s, Double.parseDouble(p.substring(eq + 1).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "reco.blend-weights: the weight of " + name + " is not a number");
      }
    }
    return m;
  }

  /** A copy with other interaction weights. */
  public RecoConfig withWeights(InteractionWeights w) {
    return new RecoConfig(
        w,
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        popularityHalfLife,
        blendMinItems,
        blendWeights,
        recencyDecay,
        idleTtl);
  }

  /** A copy with other history and neighbourhood sizes. */
  public RecoConfig withSizes(
      int history, int users, int userNbrs, int window, int cap, int itemNbrs) {
    return new RecoConfig(
        weights,
        history,
        users,
        userNbrs,
        window,
        cap,
        itemNbrs,
        popularityHalfLife,
        blendMinItems,
        blendWeights,
        recencyDecay,
        idleTtl);
  }

  /** A copy with another popularity half-life. */
  public RecoConfig withPopularityHalfLife(Duration h) {
    return new RecoConfig(
        weights,
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        h,
        blendMinItems,
        blendWeights,
        recencyDecay,
        idleTtl);
  }

  /** A copy with other blend settings. */
  public RecoConfig withBlend(int minItems, Map<Strategy, Double> w) {
    return new RecoConfig(
        weights,
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        popularityHalfLife,
        minItems,
        w,
        recencyDecay,
        idleTtl);
  }

  /** A copy with another item-CF recency decay. */
  public RecoConfig withRecencyDecay(double d) {
    return new RecoConfig(
        weights,
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        popularityHalfLife,
        blendMinItems,
        blendWeights,
        d,
        idleTtl);
  }
}
