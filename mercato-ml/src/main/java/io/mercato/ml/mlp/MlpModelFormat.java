package io.mercato.ml.mlp;

import ai.djl.ndarray.types.Shape;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The binary form of an {@link MlpModel}. Big-endian, as {@link BinaryWriter} writes; strings are a
 * varint byte length and UTF-8.
 *
 * <pre>
 * v1: bytes "MMLP" | byte version=1 | int headerLength | header | weights | int crc
 *     header: string modelVersion | long trainedAtMillis
 *             | int gmfDim | int mlpDim | int hidden | int historyLength | int negatives | int maxEpochs
 *             | int patience | int batchSize | double learningRate | double weightDecay
 *             | byte objective (0 log loss, 1 MSE) | long seed
 *             | int trainExamples | int validationExamples | int epochs | int bestEpoch | double validation
 *             | varint items | string itemId × items | varint weightCount (16)
 *     weights: for each of MlpNetwork.NAMES in order, float × (the size of its shape, given by the
 *              parameters and the item count), IEEE 754 bits
 *     crc: CRC-32 of every byte before it
 * </pre>
 * Every failure to decode is a {@link CorruptDataException}; reading consumes exactly the model's bytes.
 */
final class MlpModelFormat {
  static final int MAGIC = 0x4D4D4C50; // "MMLP"
  static final int VERSION = 1;
  private static final int BLOCK = 1 << 16;

  private MlpModelFormat() {}

  static void write(MlpModel m, OutputStream out) throws IOException {
    MlpParams p = m.params();
    MlpModel.Training t = m.training();
    BinaryWriter h = new BinaryWriter();
    h.writeString(m.version())
        .writeLong(m.trainedAtMillis())
        .writeInt(p.gmfDim())
        .writeInt(p.mlpDim())
        .writeInt(p.hidden())
        .writeInt(p.historyLength())
        .writeInt(p.negatives())
        .writeInt(p.maxEpochs())
        .writeInt(p.patience())
        .writeInt(p.batchSize())
        .writeDouble(p.learningRate())
        .writeDouble(p.weightDecay())
        .writeByte(p.objective().ordinal())
        .writeLong(p.seed())
        .writeInt(t.trainExamples())
        .writeInt(t.validationExamples())
        .writeInt(t.epochs())
        .writeInt(t.bestEpoch())
        .writeDouble(t.validation())
        .writeVarLong(m.items());
    for (String id : m.itemIdArray()) {
      h.writeString(id);
    }
    float[][] w = m.weightArrays();
    h.writeVarLong(w.length);
    CRC32 crc = new CRC32();
    emit(
        out,
        crc,
        new BinaryWriter(9).writeInt(MAGIC).writeByte(VERSION).writeInt(h.size()).toByteArray());
    emit(out, crc, h.toByteArray());
    byte[] block = new byte[BLOCK];
    for (float[] f : w) {
      ByteBuffer bytes = ByteBuffer.wrap(block);
      for (int from = 0; from < f.length; from += BLOCK / 4) {
        int n = Math.min(BLOCK / 4, f.length - from);
        bytes.clear();
        bytes.asFloatBuffer().put(f, from, n);
        crc.update(block, 0, 4 * n);
        out.write(block, 0, 4 * n);
      }
    }
    out.write(new BinaryWriter(4).writeInt((int) crc.getValue()).toByteArray());
  }

  static MlpModel read(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BinaryReader prefix = new BinaryReader(readFully(in, 9, crc, "prefix"));
    int magic = prefix.readInt();
    if (magic != MAGIC) {
      throw new CorruptDataException(
          String.format("not an MLP model: magic 0x%08x, expected 0x%08x", magic, MAGIC));
    }
    int version = prefix.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown MLP model format version " + version);
    }
    int headerLength = prefix.readInt();
    if (headerLength < 0) {
      throw new CorruptDataException("negative MLP model header length " + headerLength);
    }
    BinaryReader h = new BinaryReader(readFully(in, headerLength, crc, "header"));
    String modelVersion = h.readString();
    long trainedAt = h.readLong();
    MlpParams params;
    MlpModel.Training training;
    try {
      int gmf = h.readInt();
      int mlp = h.readInt();
      int hidden = h.readInt();
      int len = h.readInt();
      int neg = h.readInt();
      int epochs = h.readInt();
      int patience = h.readInt();
      int batch = h.readInt();
      double lr = h.readDouble();
      double wd = h.readDouble();
      int objective = h.readByte();
      if (objective < 0 || objective >= MlpParams.Objective.values().length) {
        throw new CorruptDataException("unknown MLP objective " + objective);
      }
      params =
          new MlpParams(
              gmf,
              mlp,
              hidden,
              len,
              neg,
              epochs,
              patience,
              batch,
              lr,
              wd,
              MlpParams.Objective.values()[objective],
              h.readLong());
      training =
          new MlpModel.Training(h.readInt(), h.readInt(), h.readInt(), h.readInt(), h.readDouble());
    } catch (IllegalArgumentException e) {
      throw corrupt("MLP model parameters: " + e.getMessage(), e);
    }
    int items = h.readLength(h.remaining());
    String[] ids = new String[items];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items; i++) {
      ids[i] = h.readString();
      if (!seen.add(ids[i])) {
        throw new CorruptDataException("duplicate item id \"" + ids[i] + "\" in MLP model");
      }
    }
    int count = h.readLength(h.remaining() + 64);
    h.expectEnd();
    Shape[] shapes = MlpNetwork.shapes(items, params);
    if (count != shapes.length) {
      throw new CorruptDataException(
          "MLP model has " + count + " weights, format version 1 has " + shapes.length);
    }
    float[][] w = new float[count][];
    for (int k = 0; k < count; k++) {
      long size = shapes[k].size();
      if (size > Integer.MAX_VALUE / 4 - 8) {
        throw new CorruptDataException(
            "MLP weight " + MlpNetwork.NAMES[k] + " declares " + size + " values");
      }
      w[k] = readFloats(in, crc, (int) size, MlpNetwork.NAMES[k]);
    }
    int expected = (int) crc.getValue();
    int stored = new BinaryReader(readFully(in, 4, null, "checksum")).readInt();
    if (stored != expected) {
      throw new CorruptDataException(
          String.format(
              "MLP model checksum mismatch: stored %08x, computed %08x", stored, expected));
    }
    try {
      return MlpModel.restore(modelVersion, params, trainedAt, ids, w, training);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw corrupt("MLP model: " + e.getMessage(), e);
    }
  }

  private static float[] readFloats(InputStream in, CRC32 crc, int count, String what)
      throws IOException {
    float[] f = new float[0];
    byte[] block = new byte[BLOCK];
    for (int from = 0; from < count; from += BLOCK / 4) {
      int n = Math.min(BLOCK / 4, count - from);
      int got = in.readNBytes(block, 0, 4 * n);
      if (got < 4 * n) {
        throw new CorruptDataException("MLP model truncated in weight " + what);
      }
      crc.update(block, 0, 4 * n);
      if (f.length < from + n) {
        // grown as bytes arrive, so a damaged item count cannot force a huge allocation up front
        f = Arrays.copyOf(f, (int) Math.min(count, Math.max(from + n, 2L * f.length)));
      }
      ByteBuffer.wrap(block, 0, 4 * n).asFloatBuffer().get(f, from, n);
    }
    return f;
  }

  private static void emit(OutputStream out, CRC32 crc, byte[] b) throws IOException {
    crc.update(b);
    out.write(b);
  }

  private static byte[] readFully(InputStream in, int n, CRC32 crc, String what)
      throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new CorruptDataException(
          "MLP model truncated in the " + what + ": " + b.length + " of " + n + " bytes");
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
