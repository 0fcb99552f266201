package io.mercato.synthetic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

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

  /** Writes one event object with {@code g} (core's {@link io.mercato.core.event.EventJsonWriter}). */
  public static void write(Event e, JsonGenerator g) throws IOException {
    EventJsonWriter.write(e, g);
  }
}
