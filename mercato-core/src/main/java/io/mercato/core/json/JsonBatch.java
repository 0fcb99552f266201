package io.mercato.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.text.Utf8Body;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The framing of a batch body, shared by the event and the catalog readers: one JSON object, a JSON
 * array of objects, or NDJSON (one object per line, blank lines skipped and taking no index). Each
 * element goes to the reader's {@link Elements}; what an element is and how it is validated stays
 * with the reader.
 *
 * <p>Error model: a JSON body that cannot be framed throws {@link MalformedInputException} with the
 * position (a UTF-8 fault outside any string is named as such); an empty body or a scalar root throws
 * {@link ValidationException} on field {@code body}. In NDJSON each line is framed on its own, so a
 * malformed line only rejects that line ({@link Elements#rejectLine}).
 */
public final class JsonBatch {
  /** Batch elements are flat; anything nested deeper than this is refused outright. */
  public static final int MAX_NESTING = 32;

  /** The parser settings of every batch reader. */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          // NaN/Infinity are read so they can be rejected per element with a precise message.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING)
                  .maxNumberLength(400)
                  .build())
          .build();

  private JsonBatch() {}

  /** What a reader does with the elements of a batch. */
  public interface Elements {
    /**
     * Reads one element starting at token {@code t} (any token: a non-object is the reader's to
     * reject) and records it. The parser reads the body from offset {@code base} on, so its byte
     * offsets are relative to {@code base}.
     */
    void element(JsonParser p, JsonToken t, int base) throws IOException;

    /** An NDJSON line starts: what it records may have to be replaced by {@link #rejectLine}. */
    void lineStarts();

    /**
     * The NDJSON line {@code body[start, start+length)} that just started is broken: whatever it
     * recorded is replaced by one rejection with {@code message} (which names the line).
     */
    void rejectLine(int start, int length, String message);
  }

  /**
   * Frames {@code body[offset, offset+length)} and hands each element to {@code elements}.
   *
   * @param utf8   the strict UTF-8 view of the body ({@link Utf8Body}, made after {@link #requireNotBlank});
   *               the parser reads its input
   * @param noun   what one element is, for messages ("event", "item")
   * @throws ValidationException     on field {@code body} when it is a scalar
   * @throws MalformedInputException when a JSON body cannot be framed
   */
  public static void read(
      Utf8Body utf8, int offset, int length, boolean ndjson, String noun, Elements elements) {
    byte[] body = utf8.input();
    if (ndjson) {
      readNdjson(body, offset, length, utf8, noun, elements);
    } else {
      readJson(body, offset, length, utf8, noun, elements);
    }
  }

  private static void readJson(
      byte[] body, int offset, int length, Utf8Body utf8, String noun, Elements elements) {
    try (JsonParser p = FACTORY.createParser(body, offset, length)) {
      JsonToken root = p.nextToken();
      if (root == JsonToken.START_ARRAY) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw malformed("unexpected end of input inside the array", p.currentLocation());
          }
          elements.element(p, t, offset);
        }
      } else if (root == JsonToken.START_OBJECT) {
        elements.element(p, root, offset);
      } else {
        throw new ValidationException(
            "body", "must be a JSON object or an array of objects; got " + describe(root));
      }
      if (p.nextToken() != null) {
        throw malformed(
            "unexpected content after the JSON value (send several "
                + noun
                + "s as a JSON array, "
                + "or as NDJSON with Content-Type application/x-ndjson)",
            p.currentTokenLocation());
      }
    } catch (JsonProcessingException e) {
      throw malformed(utf8, offset, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readNdjson(
      byte[] body, int offset, int length, Utf8Body utf8, String noun, Elements elements) {
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
        elements.lineStarts();
        readLine(body, start, nl - start, lineNo, utf8, noun, elements);
      }
      start = nl + 1;
    }
  }

  private static void readLine(
      byte[] body, int start, int len, int lineNo, Utf8Body utf8, String noun, Elements elements) {
    try (JsonParser p = FACTORY.createParser(body, start, len)) {
      elements.element(p, p.nextToken(), start);
      if (p.nextToken() != null) {
        elements.rejectLine(
            start,
            len,
            "line "
                + lineNo
                + ": unexpected content after the JSON object (one "
                + noun
                + " per line)");
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at column " + loc.getColumnNr();
      String fault =
          utf8.faultIn(start, start + (loc == null ? len : Math.max(0, loc.getByteOffset()) + 1));
      elements.rejectLine(
          start,
          len,
          fault != null
              ? "line " + lineNo + ": " + fault
              : "line " + lineNo + ": malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws ValidationException on field {@code body} when {@code body[offset, offset+length)} holds
   *                             nothing but white space
   */
  public static void requireNotBlank(byte[] body, int offset, int length) {
    if (isBlank(body, offset, length)) {
      throw new ValidationException(
          "body", "is empty; send a JSON object, a JSON array of objects, or NDJSON");
    }
  }

  /**
   * The parser's error, or the UTF-8 fault it stumbled on (a masked byte outside any string), for a
   * parser that started at body offset {@code base}.
   */
  public static MalformedInputException malformed(
      Utf8Body utf8, int base, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    MalformedInputException fault =
        loc == null ? null : utf8.malformedIn(base, base + Math.max(0, loc.getByteOffset()));
    return fault != null ? fault : malformed(e.getOriginalMessage(), loc);
  }

  /** "malformed JSON: message" at the location (line, column, byte offset), if known. */
  public static MalformedInputException malformed(String message, JsonLocation loc) {
    if (loc == null) {
      return new MalformedInputException("malformed JSON: " + message, -1, -1, -1);
    }
    return new MalformedInputException(
        "malformed JSON: " + message, loc.getLineNr(), loc.getColumnNr(), loc.getByteOffset());
  }

  /** A token as a person names it: "an object", "a string", "nothing" (end of input). */
  public static String describe(JsonToken t) {
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

  /** Whether {@code b[off, off+len)} holds only spaces, tabs and line ends. */
  public static boolean isBlank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  /** {@code s}, cut to 64 characters with "..." when longer: names quoted in messages stay short. */
  public static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
