package io.mercato.core.campaign.change;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule saw when it acted: the KPI variables of its window (names as in its condition) and
 * the event-time watermark those KPIs were as of (the newest event time the runtime had applied).
 *
 * @param window    the KPI window's name, e.g. {@code 10m}
 * @param watermark the event time the KPIs were as of; null when the runtime did not know one
 * @param values    variable name → value (numbers, booleans or strings), in a stable order;
 *                  unmodifiable
 */
public record KpiSnapshot(String window, Instant watermark, Map<String, Object> values) {
  public KpiSnapshot {
    Objects.requireNonNull(window, "window");
    values =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
  }
}
