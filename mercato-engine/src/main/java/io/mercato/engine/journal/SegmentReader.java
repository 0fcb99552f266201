package io.mercato.engine.journal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads one segment file front to back, validating the header, each record's length and checksum.
 * Sequence contiguity is left to the caller, which knows what to expect across segments. Reads stop
 * at the file size seen when the reader was opened, so a concurrent append is never half-read.
 */
final class SegmentReader implements Closeable {

  enum Outcome {
    RECORD,
    END,
    INVALID
  }

  private final Path file;
  private final FileChannel channel;
  private final DataInputStream in;
  private final long size;
  private final CRC32C crc = new CRC32C();
  private long position;
  private long recordOffset;
  private long sequence;
  private byte[] payload;
  private String problem;

  SegmentReader(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.size = channel.size();
    this.in =
        new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  /** Reads the segment header; returns null if valid, else what is wrong with it. */
  String readHeader() throws IOException {
    if (size < RecordFormat.SEGMENT_HEADER_BYTES) {
      return "segment header is incomplete ("
          + size
          + " of "
          + RecordFormat.SEGMENT_HEADER_BYTES
          + " bytes)";
    }
    int magic = in.readInt();
    int version = in.readInt();
    position = RecordFormat.SEGMENT_HEADER_BYTES;
    if (magic != RecordFormat.MAGIC) {
      return String.format("segment header has bad magic 0x%08X", magic);
    }
    if (version != RecordFormat.VERSION) {
      return "segment format version "
          + version
          + " is not supported (expected "
          + RecordFormat.VERSION
          + ")";
    }
    return null;
  }

  /**
   * Reads the next record. After {@link Outcome#RECORD}, {@link #sequence()} and {@link #payload()}
   * describe it; after {@link Outcome#INVALID}, {@link #problem()} says why and
   * {@link #recordOffset()} where the bad record starts. Call only after a valid header.
   */
  Outcome next() throws IOException {
    recordOffset = position;
    long remaining = size - position;
    if (remaining == 0) {
      return Outcome.END;
    }
    if (remaining < RecordFormat.RECORD_HEADER_BYTES) {
      return invalid(
          "incomplete record header ("
              + remaining
              + " of "
              + RecordFormat.RECORD_HEADER_BYTES
              + " bytes)");
    }
    int length = in.readInt();
    long seq = in.readLong();
    int expectedCrc = in.readInt();
    position += RecordFormat.RECORD_HEADER_BYTES;
    if (length <= 0 || length > RecordFormat.MAX_PAYLOAD_BYTES) {
      return invalid("invalid record length " + length);
    }
    if (length > size - position) {
      return invalid(
          "incomplete record payload (" + (size - position) + " of " + length + " bytes)");
    }
    byte[] data = new byte[length];
    in.readFully(data);
    position += length;
    if (RecordFormat.checksum(crc, seq, data) != expectedCrc) {
      return invalid("checksum mismatch in record with sequence " + seq);
    }
    sequence = seq;
    payload = data;
    return Outcome.RECORD;
  }

  private Outcome invalid(String why) {
    problem = why;
    return Outcome.INVALID;
  }

  long sequence() {
    return sequence;
  }

  byte[] payload() {
    return payload;
  }

  String problem() {
    return problem;
  }

  long recordOffset() {
    return recordOffset;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
