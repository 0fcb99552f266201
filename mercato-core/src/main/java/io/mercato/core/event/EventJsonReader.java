package io.mercato.core.event;

import static io.mercato.core.json.JsonBatch.abbreviate;
import static io.mercato.core.json.JsonBatch.describe;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.json.FlatAttributes;
import io.mercato.core.json.JsonBatch;
import io.mercato.core.text.Utf8Body;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a request body into validated events with Jackson's streaming parser (no tree model: this
 * is the ingest hot path). Accepts one JSON object, a JSON array of objects, or NDJSON (one object
 * per line). Every event is validated on its own, so a mixed batch yields both events and
 * rejections. Thread-safe.
 *
 * <p>Error model: a body that cannot be framed (malformed JSON in an object or array body, nesting
 * deeper than {@value #MAX_NESTING}) throws {@link MalformedInputException} with the position; an
 * empty body or a scalar root throws {@link ValidationException} on field {@code body}. In NDJSON each
 * line is framed on its own, so a malformed line only rejects that line.
 *
 * <p>UTF-8 is read strictly ({@link Utf8Body}): malformed bytes, overlong forms, encoded surrogates
 * and code points beyond U+10FFFF — some of which Jackson would decode silently — reject the event
 * that holds them, naming the field ({@code "category": "must be well-formed UTF-8: C0 AF at byte
 * offset 57 is an overlong encoding"}); outside any string they make the line, or a JSON body,
 * malformed. The other events of the batch are kept. Lone surrogates written as JSON escapes
 * (U+D800 alone) are refused by the {@link EventValidator}.
 */
public final class EventJsonReader {
  /** Events are flat; anything nested deeper than this is not an event and is refused outright. */
  public static final int MAX_NESTING = JsonBatch.MAX_NESTING;

  private static final int MAX_RAW_CHARS = 16 * 1024;

  /** Body framing. */
  public enum Format {
    JSON,
    NDJSON
  }

  private final EventValidator validator;

  public EventJsonReader(EventValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /** Decodes and validates a whole body. */
  public ReadResult read(byte[] body, Format format) {
    return read(body, 0, body.length, format);
  }

  /** Decodes and validates {@code body[offset, offset+length)}. */
  public ReadResult read(byte[] body, int offset, int length, Format format) {
    JsonBatch.requireNotBlank(body, offset, length);
    Utf8Body utf8 = Utf8Body.of(body, offset, length);
    Batch batch = new Batch(body, utf8);
    JsonBatch.read(
        utf8,
        offset,
        length,
        format == Format.NDJSON,
        "event",
        new JsonBatch.Elements() {
          int lineIndex;

          @Override
          public void element(JsonParser p, JsonToken t, int base) throws IOException {
            batch.base = base;
            readElement(p, t, batch);
          }

          @Override
          public void lineStarts() {
            lineIndex = batch.index;
          }

          @Override
          public void rejectLine(int start, int len, String message) {
            EventJsonReader.rejectLine(batch, lineIndex, start, len, message);
          }
        });
    return new ReadResult(batch.events, batch.rejected, batch.index);
  }

  /** Replaces whatever was recorded for the line at {@code index} with one rejection. */
  private static void rejectLine(Batch batch, int index, int start, int len, String message) {
    if (batch.lastAcceptedIndex == index) {
      batch.events.remove(batch.events.size() - 1);
      batch.lastAcceptedIndex = -1;
    }
    if (!batch.rejected.isEmpty()
        && batch.rejected.get(batch.rejected.size() - 1).index() == index) {
      batch.rejected.remove(batch.rejected.size() - 1);
    }
    batch.index = index + 1;
    batch.rejected.add(
        new Rejection(
            index, List.of(new FieldError("event", message)), raw(batch.original, start, len)));
  }

  /**
   * Reads one batch element starting at token {@code t}; records an event or a rejection. The parser
   * reads the body from {@code batch.base} on and reports byte offsets relative to it.
   */
  private void readElement(JsonParser p, JsonToken t, Batch batch) throws IOException {
    int index = batch.index++;
    int base = batch.base;
    if (t != JsonToken.START_OBJECT) {
      long start = p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      long end = p.currentLocation().getByteOffset();
      batch.rejected.add(
          new Rejection(
              index,
              List.of(new FieldError("event", "must be a JSON object; got " + describe(t))),
              raw(batch.original, base + (int) start, (int) (end - start))));
      return;
    }
    long start = p.currentTokenLocation().getByteOffset();
    EventDraft draft = new EventDraft();
    readObject(p, draft, batch);
    Validated v = validator.validate(draft);
    String unread =
        v.isValid() && !batch.utf8.wellFormed()
            ? batch.utf8.faultIn(base + start, base + p.currentLocation().getByteOffset())
            : null;
    if (unread != null) { // a fault the fields did not claim: inside a skipped value
      v = new Validated(null, List.of(new FieldError("event", unread)));
    }
    if (v.isValid()) {
      batch.events.add(v.event());
      batch.lastAcceptedIndex = index;
    } else {
      long end = p.currentLocation().getByteOffset();
      batch.rejected.add(
          new Rejection(
              index, v.errors(), raw(batch.original, base + (int) start, (int) (end - start))));
    }
  }

  private static void readObject(JsonParser p, EventDraft d, Batch batch) throws IOException {
    int seen = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String nameFault = batch.utf8.wellFormed() ? null : batch.utf8.tokenFault(p, batch.base);
      JsonToken value = p.nextToken();
      if (nameFault != null) {
        d.error("event", "a field name " + nameFault);
        p.skipChildren();
        continue;
      }
      Field f = Field.of(name);
      if (f == null) {
        d.error(abbreviate(name), "is not a known field; expected one of " + Field.NAMES);
        p.skipChildren();
        continue;
      }
      if ((seen & f.bit) != 0) {
        d.error(f.json, "appears more than once");
        p.skipChildren();
        continue;
      }
      seen |= f.bit;
      switch (f) {
        case EVENT_ID -> d.eventId = string(p, value, d, f, batch);
        case TYPE -> d.type = string(p, value, d, f, batch);
        case USER_ID -> d.userId = string(p, value, d, f, batch);
        case ITEM_ID -> d.itemId = string(p, value, d, f, batch);
        case AD_ID -> d.adId = string(p, value, d, f, batch);
        case CAMPAIGN_ID -> d.campaignId = string(p, value, d, f, batch);
        case CATEGORY -> d.category = string(p, value, d, f, batch);
        case VALUE -> readValue(p, value, d);
        case TIMESTAMP -> readTimestamp(p, value, d, batch);
        case ATTRIBUTES -> readAttributes(p, value, d, batch);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonParseExceptionShim(p, "expected a field name or '}'");
    }
  }

  private static String string(JsonParser p, JsonToken t, EventDraft d, Field f, Batch batch)
      throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String fault = batch.utf8.wellFormed() ? null : batch.utf8.tokenFault(p, batch.base);
      if (fault != null) {
        d.error(f.json, fault);
        return null;
      }
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    String hint = (t == JsonToken.VALUE_NUMBER_INT) ? " (quote it: \"" + p.getText() + "\")" : "";
    d.error(f.json, "must be a string but was " + describe(t) + hint);
    p.skipChildren();
    return null;
  }

  private static void readValue(JsonParser p, JsonToken t, EventDraft d) throws IOException {
    switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> d.value = p.getDoubleValue();
      case VALUE_NULL -> d.value = null;
      case VALUE_STRING ->
          d.error(
              "value", "must be a JSON number, not a string (\"" + abbreviate(p.getText()) + "\")");
      default -> {
        d.error("value", "must be a number but was " + describe(t));
        p.skipChildren();
      }
    }
  }

  private static void readTimestamp(JsonParser p, JsonToken t, EventDraft d, Batch batch)
      throws IOException {
    switch (t) {
      case VALUE_STRING -> {
        String fault = batch.utf8.wellFormed() ? null : batch.utf8.tokenFault(p, batch.base);
        if (fault != null) {
          d.error("timestamp", fault);
          return;
        }
        try {
          d.timestampMillis = Timestamps.parseIso(p.getText());
        } catch (IllegalArgumentException e) {
          d.error("timestamp", e.getMessage());
        }
      }
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          d.error("timestamp", "epoch milliseconds out of range: " + abbreviate(p.getText()));
        } else {
          d.timestampMillis = p.getLongValue();
        }
      }
      case VALUE_NUMBER_FLOAT ->
          d.error(
              "timestamp",
              "epoch milliseconds must be an integer but was " + abbreviate(p.getText()));
      case VALUE_NULL -> {}
      default -> {
        d.error(
            "timestamp", "must be an ISO-8601 string or epoch milliseconds but was " + describe(t));
        p.skipChildren();
      }
    }
  }

  private static void readAttributes(JsonParser p, JsonToken t, EventDraft d, Batch batch)
      throws IOException {
    FlatAttributes.read(p, t, d.attributes, batch.utf8, batch.base, d::error);
  }

  private static String raw(byte[] body, int start, int len) {
    if (start < 0 || len < 0 || start + len > body.length) {
      return "";
    }
    String s = new String(body, start, Math.min(len, MAX_RAW_CHARS * 4), StandardCharsets.UTF_8);
    return s.length() > MAX_RAW_CHARS ? s.substring(0, MAX_RAW_CHARS) + "..." : s;
  }

  /** Mutable state of one batch being decoded. */
  private static final class Batch {
    /** The body as received (the parser may read a masked copy), for the raw text of rejections. */
    final byte[] original;

    final Utf8Body utf8;
    final List<Event> events = new ArrayList<>();
    final List<Rejection> rejected = new ArrayList<>(0);
    int index;
    int lastAcceptedIndex = -1;

    /** The body offset the current parser started at; its byte offsets are relative to it. */
    int base;

    Batch(byte[] original, Utf8Body utf8) {
      this.original = original;
      this.utf8 = utf8;
    }
  }

  /** Raises a parse error at the parser's current location. */
  private static final class JsonParseExceptionShim extends JsonParseException {
    private static final long serialVersionUID = 1L;

    JsonParseExceptionShim(JsonParser p, String msg) {
      super(p, msg);
    }
  }

  /** The fields of the event contract, with a bit each to detect repeats. */
  private enum Field {
    EVENT_ID("event_id"),
    TYPE("type"),
    USER_ID("user_id"),
    ITEM_ID("item_id"),
    AD_ID("ad_id"),
    CAMPAIGN_ID("campaign_id"),
    CATEGORY("category"),
    VALUE("value"),
    TIMESTAMP("timestamp"),
    ATTRIBUTES("attributes");

    static final String NAMES =
        String.join(", ", Arrays.stream(values()).map(f -> f.json).toList());
    final String json;
    final int bit;

    Field(String json) {
      this.json = json;
      this.bit = 1 << ordinal();
    }

    static Field of(String name) {
      return switch (name) {
        case "event_id" -> EVENT_ID;
        case "type" -> TYPE;
        case "user_id" -> USER_ID;
        case "item_id" -> ITEM_ID;
        case "ad_id" -> AD_ID;
        case "campaign_id" -> CAMPAIGN_ID;
        case "category" -> CATEGORY;
        case "value" -> VALUE;
        case "timestamp" -> TIMESTAMP;
        case "attributes" -> ATTRIBUTES;
        default -> null;
      };
    }
  }
}
