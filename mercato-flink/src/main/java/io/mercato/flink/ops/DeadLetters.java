package io.mercato.flink.ops;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.DeadLetterJson;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonWriter;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.core.quality.TooLate;
import io.mercato.core.time.Windows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The dead-letter records of the job, one JSON object per rejected input, in the format every
 * Mercato dead-letter store uses ({@link DeadLetterJson}, the same as an API node's records on the
 * same topic and the embedded log's lines):
 *
 * <pre>{"rejected_at": "…", "source": "kafka:mercato.events", "reason": "invalid" | "too_late", "index": 0,
 *  "errors": [{"field": "user_id", "message": "is required"}, …], "raw": "…the record as received…"}</pre>
 *
 * {@code source} is {@code kafka:<topic>}; {@code index} is the event's position in its record (0
 * unless the record held a JSON array). The {@code raw} text of an invalid record is its bytes decoded
 * as UTF-8 (malformed bytes replaced); a too-late event is valid JSON already parsed, so its
 * {@code raw} is the event written back in the public event form.
 */
public final class DeadLetters {
  /** {@code reason} of a record that is not a valid event. */
  public static final String INVALID = RejectReason.INVALID.code();

  /** {@code reason} of a valid event older than the stream allows. */
  public static final String TOO_LATE = RejectReason.TOO_LATE.code();

  private DeadLetters() {}

  /**
   * The dead letter of a record (or one event of it, at {@code index}) that failed parsing or
   * validation, rejected at {@code at}.
   */
  public static String invalid(
      String source, int index, String raw, List<FieldError> errors, Instant at) {
    return text(
        new Rejection(
            index, errors.isEmpty() ? List.of(new FieldError("event", "rejected")) : errors, raw),
        source,
        at);
  }

  /** The dead letter of an event rejected as too late at {@code at}, with the message every runtime gives. */
  public static String tooLate(String source, Event e, Windows windows, Instant at) {
    return text(
        new Rejection(
            0, List.of(TooLate.error(windows)), EventJsonWriter.text(e), RejectReason.TOO_LATE),
        source,
        at);
  }

  private static String text(Rejection r, String source, Instant at) {
    return new String(DeadLetterJson.of(r, source, at), StandardCharsets.UTF_8);
  }
}
