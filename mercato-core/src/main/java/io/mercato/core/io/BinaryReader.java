package io.mercato.core.io;

import io.mercato.core.text.Utf8Faults;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} wrote. Every read is bounds-checked and throws
 * {@link CorruptDataException} (never an index exception) when the data is short or inconsistent,
 * so a damaged file is reported, not crashed on. Not thread-safe.
 */
public final class BinaryReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public BinaryReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public BinaryReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public int remaining() {
    return end - pos;
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public boolean readBoolean() {
    int b = readByte();
    if (b > 1) {
      throw new CorruptDataException("expected a boolean byte but found " + b);
    }
    return b == 1;
  }

  public int readInt() {
    need(4);
    int v =
        ((buf[pos] & 0xFF) << 24)
            | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8)
            | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long readLong() {
    long hi = readInt() & 0xFFFFFFFFL;
    long lo = readInt() & 0xFFFFFFFFL;
    return (hi << 32) | lo;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptDataException("varint longer than 10 bytes");
  }

  /** Reads a varint that must fit a non-negative int no larger than {@code max}. */
  public int readLength(int max) {
    long v = readVarLong();
    if (v < 0 || v > max) {
      throw new CorruptDataException("length " + v + " out of range [0, " + max + "]");
    }
    return (int) v;
  }

  /** Reads a varint length that must not exceed the bytes left after it. */
  private int readPayloadLength() {
    long v = readVarLong();
    if (v < 0 || v > remaining()) {
      throw new CorruptDataException("length " + v + " exceeds the " + remaining() + " bytes left");
    }
    return (int) v;
  }

  /**
   * Reads a string {@link BinaryWriter#writeString} wrote.
   *
   * @throws CorruptDataException when the bytes are not well-formed UTF-8 (the writer never writes
   *     such bytes, so they are damage, not text)
   */
  public String readString() {
    int len = readPayloadLength();
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    // The lenient decoder turns a malformed byte into U+FFFD; only then is the strict check worth
    // its cost.
    if (s.indexOf('\uFFFD') >= 0) {
      Utf8Faults faults = Utf8Faults.scan(buf, pos, len);
      if (faults != null) {
        throw new CorruptDataException(
            "string of "
                + len
                + " bytes is not well-formed UTF-8: "
                + faults.describe(buf, 0, pos));
      }
    }
    pos += len;
    return s;
  }

  public byte[] readBlob() {
    int len = readPayloadLength();
    byte[] b = new byte[len];
    System.arraycopy(buf, pos, b, 0, len);
    pos += len;
    return b;
  }

  /** Throws unless everything was consumed; catches format drift early. */
  public void expectEnd() {
    if (pos != end) {
      throw new CorruptDataException((end - pos) + " unexpected trailing bytes");
    }
  }

  private void need(int n) {
    if (end - pos < n) {
      throw new CorruptDataException(
          "unexpected end of data: needed " + n + " bytes, " + (end - pos) + " left");
    }
  }
}
