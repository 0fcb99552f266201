package io.mercato.flink.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The dead-letter records of the job, one JSON object per rejected input:
 *
 * <pre>{"error": "invalid" | "too_late", "field": "user_id", "reason": "is required",
 *  "errors": [{"field": …, "reason": …}, …], "payload": "…the record as received, as a string…"}</pre>
 *
 * {@code field}/{@code reason} repeat the first of {@code errors} for quick filtering. The payload of
 * an invalid record is its bytes decoded as UTF-8 (malformed bytes replaced); a too-late event is
 * valid JSON already parsed, so its payload is the event written back in the public event form.
 */
public final class DeadLetters {
  /** {@code error} of a record that is not a valid event. */
  public static final String INVALID = "invalid";
  /** {@code error} of a valid event older than the stream allows. */
  public static final String TOO_LATE = "too_late";
  private static final JsonFactory JSON = new JsonFactory();

  private DeadLetters() {}

  /** The dead letter of a record that failed parsing or validation. */
  public static String invalid(String payload, List<FieldError> errors) {
    return write(INVALID, errors, payload);
  }

  /** The dead letter of an event rejected as too late, with the reason in words. */
  public static String tooLate(Event e, String reason) {
    return write(TOO_LATE, List.of(new FieldError("timestamp", reason)), eventJson(e));
  }

  private static String write(String kind, List<FieldError> errors, String payload) {
    StringWriter out = new StringWriter(payload.length() + 128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", kind);
      FieldError first = errors.isEmpty() ? new FieldError("event", "rejected") : errors.get(0);
      g.writeStringField("field", first.field());
      g.writeStringField("reason", first.message());
      g.writeArrayFieldStart("errors");
      for (FieldError e : errors) {
        g.writeStartObject();
        g.writeStringField("field", e.field());
        g.writeStringField("reason", e.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("payload", payload);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** {@code e} in the public JSON event form (ARCHITECTURE.md §5), timestamp as ISO-8601. */
  static String eventJson(Event e) {
    return io.mercato.core.event.EventJsonWriter.text(e);
  }
}
