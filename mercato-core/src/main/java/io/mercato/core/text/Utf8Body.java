package io.mercato.core.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * A client's JSON bytes prepared for a strict read: Jackson decodes some malformed UTF-8 silently
 * (overlong forms, code points beyond U+10FFFF), so the bytes are scanned with {@link Utf8Faults}
 * first. Well-formed bytes (the common case, checked without allocating) are parsed as they are.
 * Otherwise the parser reads {@link #input()}, a copy with every faulty byte masked, so framing and
 * offsets are unchanged and the reader can refuse exactly the record and field that held the fault
 * (per NDJSON line or array element) instead of the whole body. Not thread-safe; one per body.
 */
public final class Utf8Body {
  private final byte[] original;
  private final int start;
  private final Utf8Faults faults;
  private final byte[] input;

  private Utf8Body(byte[] original, int start, Utf8Faults faults) {
    this.original = original;
    this.start = start;
    this.faults = faults;
    this.input = faults == null ? original : faults.masked(original);
  }

  /** Scans {@code body[offset, offset+length)}; offsets in messages count from {@code offset}. */
  public static Utf8Body of(byte[] body, int offset, int length) {
    return new Utf8Body(body, offset, Utf8Faults.scan(body, offset, length));
  }

  /** What to parse: the body itself when it is well-formed, else its masked copy (same length). */
  public byte[] input() {
    return input;
  }

  /** True when the body is well-formed UTF-8. */
  public boolean wellFormed() {
    return faults == null;
  }

  /**
   * The fault in {@code [from, to)} (offsets into the body array), as a message for the field that
   * holds it ("must be well-formed UTF-8: C0 AF at byte offset 17 is an overlong encoding"), or null.
   */
  public String faultIn(long from, long to) {
    if (faults == null) {
      return null;
    }
    int i = faults.find(from, to);
    return i < 0 ? null : "must be well-formed UTF-8: " + faults.describe(original, i, start);
  }

  /**
   * The fault inside the current token of {@code p} — a string value (which this finishes reading) or
   * a field name — as {@link #faultIn} describes it, or null. {@code base} is the body offset the
   * parser started at (its byte offsets are relative to it).
   */
  public String tokenFault(JsonParser p, int base) throws IOException {
    if (faults == null) {
      return null;
    }
    long from = base + p.currentTokenLocation().getByteOffset();
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      p.getText(); // the parser reads a string lazily; its end is known once it is read
    }
    long to = base + p.currentLocation().getByteOffset();
    return faultIn(from, to);
  }

  /**
   * When a fault lies in {@code [from, to]}, a {@link MalformedInputException} naming it (the masked
   * byte is what the parser stumbled on); else null, and the parser's own message stands.
   */
  public MalformedInputException malformedIn(long from, long to) {
    if (faults == null) {
      return null;
    }
    int i = faults.find(from, to + 1);
    if (i < 0) {
      return null;
    }
    int at = faults.start(i);
    long line = 1;
    int lineStart = start;
    for (int k = start; k < at; k++) {
      if (original[k] == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new MalformedInputException(
        "body is not well-formed UTF-8: " + faults.describe(original, i, start),
        line,
        at - lineStart + 1,
        at - start);
  }

  /**
   * For a body read as a tree, after {@link #input()} parsed: throws when the body held a fault,
   * naming the member that held it ({@code creative.title}, {@code items[2]}), or naming the body with
   * its position when the fault lies outside any string. Does nothing for a well-formed body.
   *
   * @param factory the factory the tree was parsed with (same limits)
   * @throws ValidationException     on the member, or on {@code field} for a fault in a member name
   * @throws MalformedInputException for a fault outside strings and names
   */
  public void requireWellFormed(JsonFactory factory, String field) {
    if (faults == null) {
      return;
    }
    try (JsonParser p = factory.createParser(input, start, input.length - start)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
          String fault = tokenFault(p, start);
          if (fault != null) {
            JsonStreamContext ctx = p.getParsingContext();
            if (t == JsonToken.FIELD_NAME) {
              String parent = path(ctx.getParent());
              throw new ValidationException(
                  parent.isEmpty() ? field : parent, "a member name " + fault);
            }
            throw new ValidationException(path(ctx), fault);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("re-reading a body that parsed once", e);
    }
    throw malformedIn(start, original.length);
  }

  /** {@code a.b[2].c} for the position of {@code ctx}; empty at the root. */
  private static String path(JsonStreamContext ctx) {
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String part : parts) {
      if (b.length() > 0 && part.charAt(0) != '[') {
        b.append('.');
      }
      b.append(part);
    }
    return b.toString();
  }
}
