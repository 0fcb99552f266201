package io.mercato.engine.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Constants and codecs of the on-disk format described in {@link Journal}. */
final class RecordFormat {

  /** {@code MJNL} in ASCII. */
  static final int MAGIC = 0x4D4A4E4C;

  static final int VERSION = 1;
  static final int SEGMENT_HEADER_BYTES = 8;

  /** length (4) + sequence (8) + crc32c (4). */
  static final int RECORD_HEADER_BYTES = 16;

  static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
  static final String SUFFIX = ".log";

  private RecordFormat() {}

  /** {@code 00000000000000000042.log} for a segment whose first record is 42. */
  static String segmentName(long firstSequence) {
    return String.format("%020d%s", firstSequence, SUFFIX);
  }

  /** The first sequence encoded in a segment file name, or -1 if the name is not a segment's. */
  static long firstSequenceOf(Path file) {
    String name = file.getFileName().toString();
    if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name, 0, 20, 10);
    } catch (NumberFormatException overflow) {
      return -1;
    }
  }

  static void putSegmentHeader(ByteBuffer target) {
    target.putInt(MAGIC).putInt(VERSION);
  }

  /** CRC32C over the 8 big-endian sequence bytes followed by the payload. */
  static int checksum(CRC32C crc, long sequence, byte[] payload) {
    crc.reset();
    for (int shift = 56; shift >= 0; shift -= 8) {
      crc.update((int) (sequence >>> shift));
    }
    crc.update(payload, 0, payload.length);
    return (int) crc.getValue();
  }

  static void putRecordHeader(ByteBuffer target, int length, long sequence, int checksum) {
    target.putInt(length).putLong(sequence).putInt(checksum);
  }
}
