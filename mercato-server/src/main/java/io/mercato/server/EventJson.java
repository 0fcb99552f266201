package io.mercato.server;

import io.mercato.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accepted {@link Event} as the public JSON object of ARCHITECTURE.md §5: {@code event_id},
 * {@code type}, {@code user_id}, then the optional {@code item_id}, {@code ad_id},
 * {@code campaign_id}, {@code category}, {@code value} (absent members left out), {@code timestamp}
 * as ISO-8601 UTC, and {@code attributes} when not empty. The result is valid input to
 * {@code POST /v1/events} again (a generated {@code event_id} is sent like any other).
 */
public final class EventJson {
  private EventJson() {}

  /** The members in the order of the contract. */
  static Map<String, Object> of(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_id", e.eventId());
    m.put("type", e.type());
    m.put("user_id", e.userId());
    putIfPresent(m, "item_id", e.itemId());
    putIfPresent(m, "ad_id", e.adId());
    putIfPresent(m, "campaign_id", e.campaignId());
    putIfPresent(m, "category", e.category());
    putIfPresent(m, "value", e.value());
    m.put("timestamp", Json.time(e.timestampMillis()));
    if (!e.attributes().isEmpty()) {
      m.put("attributes", e.attributes());
    }
    return m;
  }

  /** {@link #of} as a JSON string, e.g. for the dead-letter log's {@code raw}. */
  public static String text(Event e) {
    return new String(Json.bytes(of(e)), StandardCharsets.UTF_8);
  }

  private static void putIfPresent(Map<String, Object> m, String name, Object value) {
    if (value != null) {
      m.put(name, value);
    }
  }
}
