package io.mercato.core.io;

import io.mercato.core.text.InvalidUnicodeException;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for Mercato's versioned binary formats (journal records,
 * snapshots, aggregates). Not thread-safe. Strings are written as a varint byte length followed by
 * UTF-8; {@code null} strings as length 0 with a preceding presence flag where callers need one.
 * Every string written reads back equal: one that UTF-8 cannot carry is refused, never altered.
 */
public final class BinaryWriter {
  private byte[] buf;
  private int pos;

  public BinaryWriter() {
    this(256);
  }

  public BinaryWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Forgets the content, keeping the buffer for reuse. */
  public BinaryWriter reset() {
    pos = 0;
    return this;
  }

  public int size() {
    return pos;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  public BinaryWriter writeByte(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  public BinaryWriter writeBoolean(boolean v) {
    return writeByte(v ? 1 : 0);
  }

  public BinaryWriter writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public BinaryWriter writeLong(long v) {
    writeInt((int) (v >>> 32));
    return writeInt((int) v);
  }

  public BinaryWriter writeDouble(double v) {
    return writeLong(Double.doubleToRawLongBits(v));
  }

  /** Unsigned LEB128 varint; {@code v} must not be negative. */
  public BinaryWriter writeVarLong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("varint must not be negative but was " + v);
    }
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
    return this;
  }

  /**
   * Writes {@code s} as a varint byte length and its UTF-8 bytes.
   *
   * @throws InvalidUnicodeException when {@code s} holds an unpaired surrogate, which UTF-8 cannot
   *     carry; nothing is written then
   */
  public BinaryWriter writeString(String s) {
    int n = s.length();
    int bytes = utf8Length(s);
    writeVarLong(bytes);
    ensure(bytes);
    // Hand-written rather than String.getBytes(UTF_8), which writes '?' for an unpaired surrogate
    // (so
    // "x-" + U+D800, "x-" + U+DC00 and "x-?" all came back as "x-?"), and rather than a
    // CharsetEncoder, which
    // needs two buffers per call on this hot path; this loop allocates nothing.
    byte[] b = buf;
    int p = pos;
    if (bytes == n) {
      for (int i = 0; i < n; i++) {
        b[p++] = (byte) s.charAt(i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          b[p++] = (byte) c;
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) { // paired: utf8Length checked it
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          b[p++] = (byte) (0xE0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }
    pos = p;
    return this;
  }

  /**
   * The length of {@code s} in UTF-8 bytes.
   *
   * @throws InvalidUnicodeException when {@code s} holds an unpaired surrogate
   */
  public static int utf8Length(String s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          len += 1;
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            len += 2; // two chars, four bytes
            i++;
          } else {
            throw new InvalidUnicodeException(s, i);
          }
        } else {
          len += 2;
        }
      }
    }
    return len;
  }

  public BinaryWriter writeBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** Writes a varint length and then the bytes. */
  public BinaryWriter writeBlob(byte[] b) {
    writeVarLong(b.length);
    return writeBytes(b, 0, b.length);
  }

  private void ensure(int extra) {
    if (pos + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
    }
  }
}
