package io.mercato.server;

import io.mercato.core.event.EventJsonReader.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses how {@code POST /v1/events} and {@code POST /v1/items} frame their body from the request's
 * Content-Type ({@code PUT /v1/items/{id}} takes JSON only: {@link #requireJson}).
 *
 * <ul>
 *   <li>{@code application/json}: one JSON object, or a JSON array of objects ({@link Format#JSON}).</li>
 *   <li>{@code application/x-ndjson}: one JSON object per line ({@link Format#NDJSON}). Because JSON Lines
 *       is the same framing under other names, {@code application/ndjson}, {@code application/jsonl},
 *       {@code application/jsonlines} and {@code application/x-jsonlines} are accepted as aliases.</li>
 * </ul>
 * Media types are matched case-insensitively. A {@code charset} parameter is allowed but must name
 * UTF-8 (RFC 8259 requires it of JSON exchanged between systems); other parameters are ignored.
 * Anything else, or no Content-Type at all, is refused: guessing the framing of a body that may hold
 * thousands of events would turn one client mistake into thousands of confusing rejections.
 */
final class EventFormats {
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";

  /** What a 415 answer lists, in order of preference. */
  static final List<String> ACCEPTED = List.of(JSON, NDJSON);

  private static final List<String> NDJSON_ALIASES =
      List.of(
          NDJSON,
          "application/ndjson",
          "application/jsonl",
          "application/jsonlines",
          "application/x-jsonlines");

  private EventFormats() {}

  /**
   * The framing for {@code contentType} (the raw header value, possibly null).
   *
   * @throws UnsupportedMediaTypeException when it is missing, not a JSON/NDJSON type, or not UTF-8
   */
  static Format forContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw unsupported(
          "Content-Type is missing; send "
              + JSON
              + " (an object or an array of objects) or "
              + NDJSON
              + " (one object per line)");
    }
    String[] parts =
        contentType.split(";", -1); // -1: ";" alone is one empty media type, not no parts
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    Format format;
    if (mediaType.equals(JSON)) {
      format = Format.JSON;
    } else if (NDJSON_ALIASES.contains(mediaType)) {
      format = Format.NDJSON;
    } else {
      throw unsupported(
          "Content-Type "
              + abbreviate(contentType.trim())
              + " is not supported; send "
              + JSON
              + " (an object or an array of objects) or "
              + NDJSON
              + " (one object per line)");
    }
    requireUtf8(parts, ACCEPTED);
    return format;
  }

  /**
   * Checks that {@code contentType} is {@code application/json} (UTF-8), for routes whose body is one
   * JSON object ({@code PUT /v1/items/{id}}); same rules as {@link #forContentType} otherwise.
   *
   * @throws UnsupportedMediaTypeException when it is missing, another type, or not UTF-8
   */
  static void requireJson(String contentType) {
    List<String> accepted = List.of(JSON);
    if (contentType == null || contentType.isBlank()) {
      throw new UnsupportedMediaTypeException(
          "Content-Type is missing; send " + JSON + " (one JSON object)", accepted);
    }
    String[] parts =
        contentType.split(";", -1); // -1: ";" alone is one empty media type, not no parts
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(JSON)) {
      throw new UnsupportedMediaTypeException(
          "Content-Type "
              + abbreviate(contentType.trim())
              + " is not supported; send "
              + JSON
              + " (one JSON object)",
          accepted);
    }
    requireUtf8(parts, accepted);
  }

  /** A {@code charset} parameter, if any, must name UTF-8. */
  private static void requireUtf8(String[] parts, List<String> accepted) {
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim();
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String charset = unquote(param.substring(eq + 1).trim());
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw new UnsupportedMediaTypeException(
              "charset " + abbreviate(charset) + " is not supported; request bodies must be UTF-8",
              new ArrayList<>(accepted));
        }
      }
    }
  }

  private static UnsupportedMediaTypeException unsupported(String message) {
    List<String> accepted = new ArrayList<>(ACCEPTED);
    return new UnsupportedMediaTypeException(message, accepted);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 97) + "...";
  }
}
