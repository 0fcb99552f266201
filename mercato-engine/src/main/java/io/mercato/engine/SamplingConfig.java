package io.mercato.engine;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Sampling of ingestion and of events kept for inspection.
 *
 * @param rates             comma-separated {@code type=rate} pairs, e.g. {@code view=0.1,impression=0.25}:
 *                          per event type, the share of users (by a hash of {@code user_id}, so a user is
 *                          always in or always out) whose events of that type are kept; types not listed
 *                          are never sampled. A sampled-out event is acknowledged and counted as
 *                          {@code sampled}, but not stored. Default: empty (keep everything).
 * @param reservoirCapacity events kept per time sub-bucket for {@code GET /v1/events/sample} (default 100)
 */
public record SamplingConfig(String rates, int reservoirCapacity) {
  public SamplingConfig {
    Objects.requireNonNull(rates, "sampling rates");
    parse(rates);
    if (reservoirCapacity < 1 || reservoirCapacity > 100_000) {
      throw new IllegalArgumentException(
          "sampling reservoir-capacity must be in [1, 100000] but was " + reservoirCapacity);
    }
  }

  public static SamplingConfig defaults() {
    return new SamplingConfig("", 100);
  }

  /** The rates per type. */
  public Map<String, Double> rateMap() {
    return parse(rates);
  }

  private static Map<String, Double> parse(String rates) {
    Map<String, Double> m = new TreeMap<>();
    for (String pair : rates.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String type = eq < 0 ? "" : pair.substring(0, eq).trim();
      double r;
      try {
        r = eq < 0 ? Double.NaN : Double.parseDouble(pair.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        r = Double.NaN;
      }
      if (type.isEmpty() || !(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException(
            "sampling rates must be type=rate pairs with a rate in [0, 1], e.g. "
                + "view=0.1; got '"
                + pair.trim()
                + "'");
      }
      m.put(type, r);
    }
    return Collections.unmodifiableMap(m);
  }
}
