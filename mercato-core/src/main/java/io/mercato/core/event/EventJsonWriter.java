package io.mercato.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Writes an {@link Event} in the public JSON event form (ARCHITECTURE.md §5), the inverse of
 * {@link EventJsonReader}: {@code event_id} unless it was generated, absent optional fields left
 * out, the timestamp as ISO-8601, attributes as strings, numbers and booleans. Used wherever an
 * event leaves as JSON (test and demo traffic, the cluster job's dead letters).
 */
public final class EventJsonWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private EventJsonWriter() {}

  /** {@code e} as one JSON object, UTF-8. */
  public static byte[] bytes(Event e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(e, g);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // cannot happen with an in-memory stream
    }
    return out.toByteArray();
  }

  /** {@code e} as one JSON object. */
  public static String text(Event e) {
    return new String(bytes(e), StandardCharsets.UTF_8);
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
