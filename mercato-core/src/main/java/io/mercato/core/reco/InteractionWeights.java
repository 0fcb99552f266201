package io.mercato.core.reco;

import io.mercato.core.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How much each event type says about a user's interest in an item (implicit feedback). Types that
 * are not listed (impressions, ad clicks, custom types) are not interactions and are ignored by the
 * recommenders. Weights are summed per (user, item).
 *
 * <p>Each listed type also has a small code ({@link #code}) so a user's strongest interaction with an
 * item can be stored in one byte and named in explanations ("you viewed", "you bought").
 */
public final class InteractionWeights {
  private final Map<String, Float> weights;
  private final List<String> types;

  /**
   * @param weights type → weight, each finite and &gt; 0; iteration order is kept; at most 127 types
   * @throws IllegalArgumentException naming the offending type
   */
  public InteractionWeights(Map<String, ? extends Number> weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("reco.weights must list at least one event type");
    }
    if (weights.size() > 127) {
      throw new IllegalArgumentException(
          "reco.weights may list at most 127 event types but lists " + weights.size());
    }
    Map<String, Float> m = new LinkedHashMap<>();
    List<String> t = new ArrayList<>();
    for (Map.Entry<String, ? extends Number> e : weights.entrySet()) {
      double w = e.getValue() == null ? Double.NaN : e.getValue().doubleValue();
      if (e.getKey() == null || e.getKey().isBlank() || !Double.isFinite(w) || w <= 0 || w > 1e6) {
        throw new IllegalArgumentException(
            "reco.weights: the weight of "
                + e.getKey()
                + " must be a number in (0, 1e6] but was "
                + e.getValue());
      }
      m.put(e.getKey(), (float) w);
      t.add(e.getKey());
    }
    this.weights = Collections.unmodifiableMap(m);
    this.types = List.copyOf(t);
  }

  /**
   * Whether {@code e} is an interaction, the one test every runtime uses: it names an item and its
   * type has a positive weight. Only interactions reach the recommenders (the embedded reco writer,
   * the Flink job's, ALS training); other events change no recommendation state.
   */
  public boolean isInteraction(Event e) {
    return e.itemId() != null && weight(e.type()) > 0;
  }

  /** view 1, click 2, add_to_cart 3, purchase 5. */
  public static InteractionWeights defaults() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("view", 1);
    m.put("click", 2);
    m.put("add_to_cart", 3);
    m.put("purchase", 5);
    return new InteractionWeights(m);
  }

  /**
   * Parses {@code "view=1,click=2"} (the configuration form).
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static InteractionWeights parse(String spec) {
    Map<String, Number> m = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "reco.weights: expected type=weight but found '" + p + "'");
      }
      String type = p.substring(0, eq).trim();
      try {
        m.put(type, Double.parseDouble(p.substring(eq + 1).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "reco.weights: the weight of "
                + type
                + " is not a number: '"
                + p.substring(eq + 1).trim()
                + "'");
      }
    }
    return new InteractionWeights(m);
  }

  /** The weight of {@code type}, 0 when it is not an interaction. */
  public float weight(String type) {
    Float w = weights.get(type);
    return w == null ? 0f : w;
  }

  /** A code in 0..126 for an interaction type, -1 for other types. */
  public int code(String type) {
    return types.indexOf(type);
  }

  /** The type with {@code code}, or null. */
  public String type(int code) {
    return code >= 0 && code < types.size() ? types.get(code) : null;
  }

  /** The configuration form, e.g. {@code view=1.0,click=2.0}. */
  public String spec() {
    StringBuilder b = new StringBuilder();
    weights.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return b.toString();
  }

  /** type → weight, in configuration order. */
  public Map<String, Float> asMap() {
    return weights;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InteractionWeights w && w.weights.equals(weights) && w.types.equals(types);
  }

  @Override
  public int hashCode() {
    return weights.hashCode();
  }

  @Override
  public String toString() {
    return spec();
  }
}
