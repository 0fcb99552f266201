package io.mercato.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made event set whose statistics per window are worked out by hand in the tests. The newest
 * event is at {@link #NEWEST}, so windows end there (fine windows at 12:30:00, coarse ones at 13:00).
 */
final class StatsFixture {
  static final String NEWEST = "2026-11-24T12:29:55Z";

  /**
   * In 1m: e1, e2, e5. 10m adds e3. 1h adds e4. 24h adds e6. 7d adds e7.
   */
  static final String[][] EVENTS = {
    // id   type        user  item   category  campaign       value  timestamp
    {"e1", "view", "u1", "p-1", "sports", "spring-sale", null, "2026-11-24T12:29:50Z"},
    {"e2", "click", "u1", "p-1", "sports", "spring-sale", null, NEWEST},
    {"e3", "view", "u2", "p-1", "sports", null, null, "2026-11-24T12:25:00Z"},
    {"e4", "view", "u3", "p-2", "sports", null, null, "2026-11-24T12:00:00Z"},
    {"e5", "purchase", "u1", "p-1", "sports", "spring-sale", "20", "2026-11-24T12:29:52Z"},
    {"e6", "view", "u4", "p-2", "books", null, null, "2026-11-24T05:00:00Z"},
    {"e7", "purchase", "u5", "p-3", "books", null, "40", "2026-11-20T12:00:00Z"},
  };

  private StatsFixture() {}

  /** {@link #EVENTS} as one JSON array. */
  static String batch() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String[] row : EVENTS) {
      events.add(
          event(
              row[0],
              row[1],
              row[2],
              row[3],
              row[4],
              row[5],
              row[6] == null ? null : Double.valueOf(row[6]),
              row[7]));
    }
    return json(events);
  }

  /** One event as a JSON map; null members are left out. */
  static Map<String, Object> event(
      String id,
      String type,
      String user,
      String item,
      String category,
      String campaign,
      Double value,
      String timestamp) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event_id", id);
    e.put("type", type);
    e.put("user_id", user);
    putIfPresent(e, "item_id", item);
    putIfPresent(e, "category", category);
    putIfPresent(e, "campaign_id", campaign);
    putIfPresent(e, "value", value);
    e.put("timestamp", timestamp);
    return e;
  }

  static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfPresent(Map<String, Object> m, String name, Object value) {
    if (value != null) {
      m.put(name, value);
    }
  }
}
