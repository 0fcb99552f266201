package io.mercato.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link Event}s in the public JSON form (ARCHITECTURE.md §5) that {@code POST /v1/events} and
 * {@code mercato replay} read: snake_case fields, absent optional fields omitted, the timestamp as an
 * ISO-8601 UTC instant. A generated {@code event_id} is omitted, as the client never sent one.
 * Thread-safe.
 */
public final class EventJson {
  private static final JsonFactory JSON = new JsonFactory();

  private EventJson() {}

  /** One event as a JSON object. */
  public static byte[] object(Event e) {
    return write(List.of(e), false);
  }

  /** Events as NDJSON: one object per line, each line ending in {@code \n}. */
  public static byte[] ndjson(List<Event> events) {
    return write(events, false);
  }

  /** Events as one JSON array. */
  public static byte[] array(List<Event> events) {
    return write(events, true);
  }

  /** Appends events as NDJSON lines to {@code out} (which is not closed). */
  public static void writeNdjson(List<Event> events, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      for (Event e : events) {
        write(e, g);
        g.writeRaw('\n');
      }
    }
  }

  private static byte[] write(List<Event> events, boolean array) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 200 + 16);
    try {
      if (array) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.writeStartArray();
          for (Event e : events) {
            write(e, g);
          }
          g.writeEndArray();
        }
      } else {
        writeNdjson(events, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with an in-memory stream
    }
    return out.toByteArray();
  }

  /** Writes one event object with {@code g}. */
  public static void write(Event e, JsonGenerator g) throws IOException {
    g.writeStartObject();
    if (!e.generatedId()) {
      g.writeStringField("event_id", e.eventId());
    }
    g.writeStringField("type", e.type());
    g.writeStringField("user_id", e.userId());
    optional(g, "item_id", e.itemId());
    optional(g, "ad_id", e.adId());
    optional(g, "campaign_id", e.campaignId());
    optional(g, "category", e.category());
    if (e.value() != null) {
      g.writeNumberField("value", e.value());
    }
    g.writeStringField("timestamp", Instant.ofEpochMilli(e.timestampMillis()).toString());
    if (!e.attributes().isEmpty()) {
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        Object v = a.getValue();
        if (v instanceof String s) {
          g.writeStringField(a.getKey(), s);
        } else if (v instanceof Long l) {
          g.writeNumberField(a.getKey(), l);
        } else if (v instanceof Double d) {
          g.writeNumberField(a.getKey(), d);
        } else if (v instanceof Boolean b) {
          g.writeBooleanField(a.getKey(), b);
        }
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
