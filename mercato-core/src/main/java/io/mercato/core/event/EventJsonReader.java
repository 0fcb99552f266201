package io.mercato.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.text.Utf8Body;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  public static final int MAX_NESTING = 32;
  private static final int MAX_RAW_CHARS = 16 * 1024;

  /** Body framing. */
  public enum Format { JSON, NDJSON }

  private static final JsonFactory FACTORY = JsonFactory.builder()
      // NaN/Infinity are read so they can be rejected per event with a precise message.
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING)
          .maxNumberLength(400)
          .build())
      .build();

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
    if (isBlank(body, offset, length)) {
      throw new ValidationException("body", "is empty; send a JSON object, a JSON array of objects, or NDJSON");
    }
    Utf8Body utf8 = Utf8Body.of(body, offset, length);
    Batch batch = new Batch(body, utf8);
    if (format == Format.NDJSON) {
      readNdjson(utf8.input(), offset, length, batch);
    } else {
      readJson(utf8.input(), offset, length, batch);
    }
    return new ReadResult(batch.events, batch.rejected, batch.index);
  }

  private void readJson(byte[] body, int offset, int length, Batch batch) {
    batch.base = offset;
    try (JsonParser p = FACTORY.createParser(body, offset, length)) {
      JsonToken root = p.nextToken();
      if (root == JsonToken.START_ARRAY) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw malformed("unexpected end of input inside the array", p.currentLocation());
          }
          readElement(p, t, batch);
        }
      } else if (root == JsonToken.START_OBJECT) {
        readElement(p, root, batch);
      } else {
        throw new ValidationException("body",
            "must be a JSON object or an array of objects; got " + describe(root));
      }
      if (p.nextToken() != null) {
        throw malformed("unexpected content after the JSON value (send several events as a JSON array, "
            + "or as NDJSON with Content-Type application/x-ndjson)", p.currentTokenLocation());
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      MalformedInputException utf8 = loc == null ? null
          : batch.utf8.malformedIn(offset, offset + Math.max(0, loc.getByteOffset()));
      throw utf8 != null ? utf8 : malformed(e.getOriginalMessage(), loc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readNdjson(byte[] body, int offset, int length, Batch batch) {
    int end = offset + length;
    int lineNo = 0;
    int start = offset;
    while (start < end) {
      int nl = start;
      while (nl < end && body[nl] != '\n') {
        nl++;
      }
      lineNo++;
      if (!isBlank(body, start, nl - start)) {
        readLine(body, start, nl - start, lineNo, batch);
      }
      start = nl + 1;
    }
  }

  private void readLine(byte[] body, int start, int len, int lineNo, Batch batch) {
    int index = batch.index;
    batch.base = start;
    try (JsonParser p = FACTORY.createParser(body, start, len)) {
      JsonToken t = p.nextToken();
      readElement(p, t, batch);
      if (p.nextToken() != null) {
        rejectLine(batch, index, start, len,
            "line " + lineNo + ": unexpected content after the JSON object (one event per line)");
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at column " + loc.getColumnNr();
      String utf8 = batch.utf8.faultIn(start, start + (loc == null ? len : Math.max(0, loc.getByteOffset()) + 1));
      rejectLine(batch, index, start, len, utf8 != null
          ? "line " + lineNo + ": " + utf8
          : "line " + lineNo + ": malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces whatever was recorded for the line at {@code index} with one rejection. */
  private static void rejectLine(Batch batch, int index, int start, int len, String message) {
    if (batch.lastAcceptedIndex == index) {
      batch.events.remove(batch.events.size() - 1);
      batch.lastAcceptedIndex = -1;
    }
    if (!batch.rejected.isEmpty() && batch.rejected.get(batch.rejected.size() - 1).index() == index) {
      batch.rejected.remove(batch.rejected.size() - 1);
    }
    batch.index = index + 1;
    batch.rejected.add(new Rejection(index, List.of(new FieldError("event", message)), raw(batch.original, start, len)));
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
      batch.rejected.add(new Rejection(index,
          List.of(new FieldError("event", "must be a JSON object; got " + describe(t))),
          raw(batch.original, base + (int) start, (int) (end - start))));
      return;
    }
    long start = p.currentTokenLocation().getByteOffset();
    EventDraft draft = new EventDraft();
    readObject(p, draft, batch);
    Validated v = validator.validate(draft);
    String unread = v.isValid() && !batch.utf8.wellFormed()
        ? batch.utf8.faultIn(base + start, base + p.currentLocation().getByteOffset()) : null;
    if (unread != null) { // a fault the fields did not claim: inside a skipped value
      v = new Validated(null, List.of(new FieldError("event", unread)));
    }
    if (v.isValid()) {
      batch.events.add(v.event());
      batch.lastAcceptedIndex = index;
    } else {
      long end = p.currentLocation().getByteOffset();
      batch.rejected.add(new Rejection(index, v.errors(), raw(batch.original, base + (int) start, (int) (end - start))));
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

  private static String string(JsonParser p, JsonToken t, EventDraft d, Field f, Batch batch) throws IOException {
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
      case VALUE_STRING -> d.error("value", "must be a JSON number, not a string (\"" + abbreviate(p.getText()) + "\")");
      default -> {
        d.error("value", "must be a number but was " + describe(t));
        p.skipChildren();
      }
    }
  }

  private static void readTimestamp(JsonParser p, JsonToken t, EventDraft d, Batch batch) throws IOException {
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
      case VALUE_NUMBER_FLOAT -> d.error("timestamp", "epoch milliseconds must be an integer but was " + abbreviate(p.getText()));
      case VALUE_NULL -> { }
      default -> {
        d.error("timestamp", "must be an ISO-8601 string or epoch milliseconds but was " + describe(t));
        p.skipChildren();
      }
    }
  }

  private static void readAttributes(JsonParser p, JsonToken t, EventDraft d, Batch batch) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      d.error("attributes", "must be a JSON object but was " + describe(t));
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String keyFault = batch.utf8.wellFormed() ? null : batch.utf8.tokenFault(p, batch.base);
      JsonToken v = p.nextToken();
      String field = "attributes." + abbreviate(key);
      if (keyFault != null) {
        d.error("attributes", "an attribute name " + keyFault);
        p.skipChildren();
        continue;
      }
      if (v == JsonToken.VALUE_STRING && !batch.utf8.wellFormed()) {
        String fault = batch.utf8.tokenFault(p, batch.base);
        if (fault != null) {
          d.error(field, fault);
          continue;
        }
      }
      if (d.attributes.containsKey(key)) {
        d.error(field, "appears more than once");
        p.skipChildren();
        continue;
      }
      switch (v) {
        case VALUE_STRING -> d.attributes.put(key, p.getText());
        case VALUE_NUMBER_INT -> {
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            d.attributes.put(key, p.getDoubleValue());
          } else {
            d.attributes.put(key, p.getLongValue());
          }
        }
        case VALUE_NUMBER_FLOAT -> d.attributes.put(key, p.getDoubleValue());
        case VALUE_TRUE -> d.attributes.put(key, Boolean.TRUE);
        case VALUE_FALSE -> d.attributes.put(key, Boolean.FALSE);
        case VALUE_NULL -> { } // null means absent
        default -> {
          d.error(field, "must be a string, number or boolean (attributes are flat) but was " + describe(v));
          p.skipChildren();
        }
      }
    }
  }

  private static MalformedInputException malformed(String message, JsonLocation loc) {
    if (loc == null) {
      return new MalformedInputException("malformed JSON: " + message, -1, -1, -1);
    }
    return new MalformedInputException("malformed JSON: " + message, loc.getLineNr(), loc.getColumnNr(), loc.getByteOffset());
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private static boolean isBlank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  private static String raw(byte[] body, int start, int len) {
    if (start < 0 || len < 0 || start + len > body.length) {
      return "";
    }
    String s = new String(body, start, Math.min(len, MAX_RAW_CHARS * 4), StandardCharsets.UTF_8);
    return s.length() > MAX_RAW_CHARS ? s.substring(0, MAX_RAW_CHARS) + "..." : s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
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
  private static final class JsonParseExceptionShim extends com.fasterxml.jackson.core.JsonParseException {
    private static final long serialVersionUID = 1L;

    JsonParseExceptionShim(JsonParser p, String msg) {
      super(p, msg);
    }
  }

  /** The fields of the event contract, with a bit each to detect repeats. */
  private enum Field {
    EVENT_ID("event_id"), TYPE("type"), USER_ID("user_id"), ITEM_ID("item_id"), AD_ID("ad_id"),
    CAMPAIGN_ID("campaign_id"), CATEGORY("category"), VALUE("value"), TIMESTAMP("timestamp"),
    ATTRIBUTES("attributes");

    static final String NAMES = String.join(", ",
        java.util.Arrays.stream(values()).map(f -> f.json).toList());
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
