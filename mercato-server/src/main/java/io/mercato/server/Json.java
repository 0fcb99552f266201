package io.mercato.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * JSON for response bodies. Record components are written in snake_case, like the event contract
 * (ARCHITECTURE.md §5), so {@code retryAfterSeconds} goes out as {@code retry_after_seconds}.
 * Request bodies are not read here: events go through the engine's streaming reader.
 */
final class Json {
  static final String MEDIA_TYPE = "application/json";
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** {@code value} as UTF-8 JSON bytes. */
  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Only our own response types are written; failing here is a programming error.
      throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** Answers {@code status} with {@code value} as {@code application/json}. */
  static void respond(Context ctx, int status, Object value) {
    ctx.status(status).contentType(MEDIA_TYPE).result(bytes(value));
  }

  /**
   * An epoch-millisecond time as responses write times: ISO-8601 in UTC, milliseconds only when not
   * zero, e.g. {@code 2026-11-24T12:00:00Z}.
   */
  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** The shared mapper, for reading in tests and for parsing resources. */
  static ObjectMapper mapper() {
    return MAPPER;
  }
}
