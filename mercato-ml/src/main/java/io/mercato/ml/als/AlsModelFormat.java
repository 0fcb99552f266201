package io.mercato.ml.als;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The binary form of an {@link AlsModel}. Big-endian, as {@link BinaryWriter} writes; strings are a
 * varint byte length and UTF-8.
 *
 * <pre>
 * v1: bytes "MALS" | byte version=1 | int headerLength | header | userFactors | itemFactors | int crc
 *     header: string modelVersion | long trainedAtMillis
 *             | int factors | int iterations | double regularization | double alpha | int cgSteps
 *             | long seed | int threads
 *             | varint users | varint items | string userId × users | string itemId × items
 *     userFactors, itemFactors: float × (rows·factors), row-major, IEEE 754 bits
 *     crc: CRC-32 of every byte before it
 * </pre>
 *
 * The header is length-prefixed so that it can be decoded with the bounds-checked
 * {@link BinaryReader}; the factors, the bulk of the bytes, stream through a 64 KiB buffer rather than
 * a second in-memory copy of the model. The CRC catches damage inside the factors, which no
 * structural check could. Every failure to decode is a {@link CorruptDataException}.
 */
final class AlsModelFormat {
  static final int MAGIC = 0x4D414C53; // "MALS"
  static final int VERSION = 1;
  private static final int BLOCK = 1 << 16;
  private static final int INITIAL_FLOATS = 1 << 24;

  private AlsModelFormat() {}

  static void write(AlsModel m, OutputStream out) throws IOException {
    AlsParams p = m.params();
    BinaryWriter header = new BinaryWriter();
    header
        .writeString(m.version())
        .writeLong(m.trainedAtMillis())
        .writeInt(p.factors())
        .writeInt(p.iterations())
        .writeDouble(p.regularization())
        .writeDouble(p.alpha())
        .writeInt(p.cgSteps())
        .writeLong(p.seed())
        .writeInt(p.threads())
        .writeVarLong(m.users())
        .writeVarLong(m.items());
    for (String id : m.userIdArray()) {
      header.writeString(id);
    }
    for (String id : m.itemIdArray()) {
      header.writeString(id);
    }
    CRC32 crc = new CRC32();
    byte[] prefix =
        new BinaryWriter(9)
            .writeInt(MAGIC)
            .writeByte(VERSION)
            .writeInt(header.size())
            .toByteArray();
    emit(out, crc, prefix, prefix.length);
    byte[] h = header.toByteArray();
    emit(out, crc, h, h.length);
    byte[] block = new byte[BLOCK];
    writeFloats(out, crc, m.userFactors(), block);
    writeFloats(out, crc, m.itemFactors(), block);
    out.write(new BinaryWriter(4).writeInt((int) crc.getValue()).toByteArray());
  }

  static AlsModel read(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BinaryReader prefix = new BinaryReader(readFully(in, 9, crc, "header"));
    int magic = prefix.readInt();
    if (magic != MAGIC) {
      throw new CorruptDataException(
          String.format("not an ALS model: magic 0x%08x, expected 0x%08x", magic, MAGIC));
    }
    int version = prefix.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown ALS model version " + version);
    }
    int headerLength = prefix.readInt();
    if (headerLength < 0) {
      throw new CorruptDataException("negative ALS model header length " + headerLength);
    }
    // readNBytes grows its buffer as bytes arrive, so a damaged length cannot force a huge
    // allocation.
    BinaryReader h = new BinaryReader(readFully(in, headerLength, crc, "header"));
    String modelVersion = h.readString();
    long trainedAt = h.readLong();
    AlsParams params;
    try {
      params =
          new AlsParams(
              h.readInt(),
              h.readInt(),
              h.readDouble(),
              h.readDouble(),
              h.readInt(),
              h.readLong(),
              h.readInt());
    } catch (IllegalArgumentException e) {
      throw corrupt("ALS model parameters: " + e.getMessage(), e);
    }
    int k = params.factors();
    // Every id takes at least its length byte, which bounds both counts by the bytes at hand.
    int users = h.readLength(h.remaining());
    int items = h.readLength(h.remaining());
    String[] userIds = new String[users];
    String[] itemIds = new String[items];
    Object2IntOpenHashMap<String> userIndex = readIds(h, userIds, "user");
    Object2IntOpenHashMap<String> itemIndex = readIds(h, itemIds, "item");
    h.expectEnd();
    float[] userFactors = readFloats(in, crc, (long) users * k, "user");
    float[] itemFactors = readFloats(in, crc, (long) items * k, "item");
    int expected = (int) crc.getValue();
    int stored = new BinaryReader(readFully(in, 4, null, "checksum")).readInt();
    if (stored != expected) {
      throw new CorruptDataException(
          String.format(
              "ALS model checksum mismatch: stored %08x, computed %08x", stored, expected));
    }
    try {
      return new AlsModel(
          modelVersion,
          params,
          trainedAt,
          userIds,
          userIndex,
          itemIds,
          itemIndex,
          userFactors,
          itemFactors);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw corrupt("ALS model: " + e.getMessage(), e);
    }
  }

  private static Object2IntOpenHashMap<String> readIds(BinaryReader h, String[] ids, String what) {
    Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>(ids.length);
    index.defaultReturnValue(-1);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = h.readString();
      if (index.putIfAbsent(ids[i], i) != -1) {
        throw new CorruptDataException("duplicate " + what + " id \"" + ids[i] + "\" in ALS model");
      }
    }
    return index;
  }

  private static void emit(OutputStream out, CRC32 crc, byte[] b, int len) throws IOException {
    crc.update(b, 0, len);
    out.write(b, 0, len);
  }

  private static void writeFloats(OutputStream out, CRC32 crc, float[] f, byte[] block)
      throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(block); // big-endian
    for (int from = 0; from < f.length; from += BLOCK / 4) {
      int n = Math.min(BLOCK / 4, f.length - from);
      bytes.clear();
      bytes.asFloatBuffer().put(f, from, n);
      emit(out, crc, block, 4 * n);
    }
  }

  private static float[] readFloats(InputStream in, CRC32 crc, long count, String what)
      throws IOException {
    if (count > Integer.MAX_VALUE - 8) {
      throw new CorruptDataException(
          "ALS model declares " + count + " " + what + " factors, more than an array holds");
    }
    // Grown as bytes arrive beyond 64 MiB, so damaged counts cannot force a huge allocation up
    // front.
    float[] f = new float[(int) Math.min(count, INITIAL_FLOATS)];
    byte[] block = new byte[(int) Math.min(BLOCK, 4 * count)];
    for (int from = 0; from < count; from += BLOCK / 4) {
      int n = (int) Math.min(BLOCK / 4, count - from);
      int got = in.readNBytes(block, 0, 4 * n);
      if (got < 4 * n) {
        throw new CorruptDataException("ALS model truncated in the " + what + " factors");
      }
      crc.update(block, 0, 4 * n);
      if (from + n > f.length) {
        f = Arrays.copyOf(f, (int) Math.min(count, 2L * f.length));
      }
      ByteBuffer.wrap(block, 0, 4 * n).asFloatBuffer().get(f, from, n);
    }
    return f;
  }

  private static byte[] readFully(InputStream in, int n, CRC32 crc, String what)
      throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new CorruptDataException(
          "ALS model truncated in the " + what + ": " + b.length + " of " + n + " bytes");
    }
    if (crc != null) {
      crc.update(b);
    }
    return b;
  }

  private static CorruptDataException corrupt(String message, Throwable cause) {
    CorruptDataException e = new CorruptDataException(message);
    e.initCause(cause);
    return e;
  }
}
