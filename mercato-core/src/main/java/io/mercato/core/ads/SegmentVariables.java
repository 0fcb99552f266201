package io.mercato.core.ads;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The variables of segment conditions for one {@link SegmentInput}, computed when first read and then
 * shared by every segment evaluated on the same input (one per decision). Not thread-safe: one
 * decision, one thread.
 */
public final class SegmentVariables {
  private final SegmentInput input;
  private final Map<String, Object> values = new HashMap<>();

  public SegmentVariables(SegmentInput input) {
    this.input = Objects.requireNonNull(input, "input");
  }

  public SegmentInput input() {
    return input;
  }

  /** The value of {@code name}, computed by {@code compute} the first time it is asked for. */
  public Object get(String name, Function<SegmentInput, Object> compute) {
    Object v = values.get(name);
    if (v == null) {
      v = compute.apply(input);
      values.put(name, v);
    }
    return v;
  }
}
