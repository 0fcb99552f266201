package io.mercato.core.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for Mercato's versioned binary formats (journal records,
 * snapshots, aggregates). Not thread-safe. Strings are written as a varint byte length followed by
 * UTF-8; {@code null} strings as length 0 with a preceding presence flag where callers need one.
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

  public BinaryWriter writeString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(b.length);
    return writeBytes(b, 0, b.length);
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
