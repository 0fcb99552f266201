package io.mercato.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mercato.core.error.FieldError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One dead letter as JSON — a line of the embedded dead-letter log and the value of a record on the
 * cluster's dead-letter topic alike:
 * <pre>{@code {"rejected_at": "...", "source": "http", "reason": "invalid", "index": 3,
 *  "errors": [{"field": "user_id", "message": "is required"}], "raw": "{\"type\": \"view\"}"}}</pre>
 * {@code source} names the ingestion path ({@code http} or the {@code source} a client gave,
 * {@code replay:<file>}, {@code kafka:<topic>}); {@code reason} is a {@link RejectReason} code
 * ({@code invalid}, {@code too_late}); {@code raw} is the event's text as received (for an event that
 * could not be framed: as much of it as the reader kept; for a too-late event, the decoded event
 * written back in the public form), so an operator can fix and replay it: its first
 * {@value #MAX_RAW_CHARS} characters, with {@code "raw_truncated": true} when the text was longer (an
 * event within the contract's limits is far shorter). A summary of rejections not kept one by one (see
 * {@link DeadLetterBudget}) has the same members, an empty {@code raw} and the counts in its errors.
 */
public final class DeadLetterJson {
  /** Most characters of raw text a dead letter keeps. */
  public static final int MAX_RAW_CHARS = 16 * 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private DeadLetterJson() {}

  /** {@code r} rejected at {@code rejectedAt} from {@code source}, as one JSON object. */
  public static byte[] of(Rejection r, String source, Instant rejectedAt) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(128 + (r.raw() == null ? 0 : r.raw().length()));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, r, source, rejectedAt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a dead letter", e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  /** Writes {@code r} as one JSON object to {@code g}. */
  public static void write(JsonGenerator g, Rejection r, String source, Instant rejectedAt)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("rejected_at", rejectedAt.toString());
    g.writeStringField("source", source);
    g.writeStringField("reason", r.reason().code());
    g.writeNumberField("index", r.index());
    g.writeArrayFieldStart("errors");
    for (FieldError e : r.errors()) {
      g.writeStartObject();
      g.writeStringField("field", e.field());
      g.writeStringField("message", e.message());
      g.writeEndObject();
    }
    g.writeEndArray();
    String raw = r.raw();
    if (raw != null && raw.length() > MAX_RAW_CHARS) {
      int end =
          Character.isHighSurrogate(raw.charAt(MAX_RAW_CHARS - 1))
              ? MAX_RAW_CHARS - 1
              : MAX_RAW_CHARS;
      g.writeStringField("raw", raw.substring(0, end));
      g.writeBooleanField("raw_truncated", true);
    } else {
      g.writeStringField("raw", raw);
    }
    g.writeEndObject();
  }
}
