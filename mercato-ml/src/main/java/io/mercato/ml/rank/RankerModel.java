package io.mercato.ml.rank;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A trained LightGBM ranker: a booster over {@link RankerFeatures}' columns whose raw score orders a
 * user's candidates (higher first; only differences within one user's candidates mean anything).
 * Thread-safe (LightGBM's prediction takes a shared lock); the booster lives in native memory until
 * {@link #close()}, which {@link io.mercato.ml.serving.ModelSlot} calls once no request holds the model.
 *
 * <pre>
 * file v1: bytes "MRNK" | byte version=1 | int length | body | int crc
 *   body: string modelVersion | long trainedAtMillis | int trees | int leaves | double learningRate
 *         | int minDataInLeaf | double featureFraction | double l2 | int perStage | int randomNegatives
 *         | long seed | int threads | varint features | string name × features | string LightGBM model text
 *   crc: CRC-32 of every byte before it
 * </pre>
 * The feature names are checked against {@link RankerFeatures#NAMES} on load, so a model trained on other
 * columns is refused rather than fed the wrong ones.
 */
public final class RankerModel implements AutoCloseable {
  static final int MAGIC = 0x4D524E4B; // "MRNK"
  static final int VERSION = 1;

  /**
   * One thread per prediction: a request's rows are few, and OpenMP workers spinning on a loaded 2-core
   * machine made a 100-row prediction take 24 ms at the median with LightGBM's default thread count
   * (RankerLatencyBench); concurrency comes from the request threads.
   */
  static final String PREDICT = "num_threads=1";

  private final String version;
  private final long trainedAtMillis;
  private final RankerParams params;
  private final String modelText;
  private final LGBMBooster booster;
  private final int width;

  RankerModel(String version, long trainedAtMillis, RankerParams params, String modelText) {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("model version must not be blank");
    }
    this.version = version;
    this.trainedAtMillis = trainedAtMillis;
    this.params = Objects.requireNonNull(params, "params");
    this.modelText = Objects.requireNonNull(modelText, "modelText");
    LightGbmRuntime.start();
    try {
      this.booster = LGBMBooster.loadModelFromString(modelText);
      this.width = booster.getNumFeature();
    } catch (LGBMException e) {
      throw new IllegalArgumentException("LightGBM refused the model: " + e.getMessage(), e);
    }
    if (width != RankerFeatures.count()) {
      close();
      throw new IllegalArgumentException(
          "the model has " + width + " features, the ranker computes " + RankerFeatures.count());
    }
  }

  /** {@code "ranker-" + trainedAtMillis + "-" + 8 hex digits} of the model text, unless restored. */
  public String version() {
    return version;
  }

  public long trainedAtMillis() {
    return trainedAtMillis;
  }

  public RankerParams params() {
    return params;
  }

  /** Raw scores of {@code rows} rows of {@link RankerFeatures} (row-major). */
  public double[] predict(float[] features, int rows) {
    check(features, rows);
    try {
      return booster.predictForMat(
          features, rows, width, true, PredictionType.C_API_PREDICT_NORMAL, PREDICT);
    } catch (LGBMException e) {
      throw new IllegalStateException("LightGBM prediction failed: " + e.getMessage(), e);
    }
  }

  /**
   * SHAP contributions (TreeSHAP, LightGBM's {@code predict_contrib}): {@code rows × (features + 1)},
   * row-major, the last column of each row the expected value; a row's values sum to its raw score.
   */
  public double[] contributions(float[] features, int rows) {
    check(features, rows);
    try {
      return booster.predictForMat(
          features, rows, width, true, PredictionType.C_API_PREDICT_CONTRIB, PREDICT);
    } catch (LGBMException e) {
      throw new IllegalStateException("LightGBM contributions failed: " + e.getMessage(), e);
    }
  }

  private void check(float[] features, int rows) {
    if (rows < 0 || features.length != (long) rows * width) {
      throw new IllegalArgumentException(
          "expected "
              + rows
              + " rows of "
              + width
              + " features but got "
              + features.length
              + " values");
    }
  }

  /** Writes the versioned binary form; does not close {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    BinaryWriter b = new BinaryWriter();
    b.writeString(version)
        .writeLong(trainedAtMillis)
        .writeInt(params.trees())
        .writeInt(params.leaves())
        .writeDouble(params.learningRate())
        .writeInt(params.minDataInLeaf())
        .writeDouble(params.featureFraction())
        .writeDouble(params.l2())
        .writeInt(params.perStage())
        .writeInt(params.randomNegatives())
        .writeLong(params.seed())
        .writeInt(params.threads())
        .writeVarLong(RankerFeatures.count());
    for (String n : RankerFeatures.NAMES) {
      b.writeString(n);
    }
    b.writeBlob(modelText.getBytes(StandardCharsets.UTF_8));
    byte[] body = b.toByteArray();
    byte[] head =
        new BinaryWriter(9).writeInt(MAGIC).writeByte(VERSION).writeInt(body.length).toByteArray();
    CRC32 crc = new CRC32();
    crc.update(head);
    crc.update(body);
    out.write(head);
    out.write(body);
    out.write(new BinaryWriter(4).writeInt((int) crc.getValue()).toByteArray());
  }

  /**
   * Reads what {@link #writeTo} wrote, consuming exactly its bytes.
   *
   * @throws CorruptDataException on a bad magic number, unknown version, truncation, checksum mismatch,
   *     other feature columns than this code computes, or a model text LightGBM refuses
   */
  public static RankerModel readFrom(InputStream in) throws IOException {
    byte[] head = in.readNBytes(9);
    if (head.length < 9) {
      throw new CorruptDataException("ranker model truncated in the header");
    }
    BinaryReader h = new BinaryReader(head);
    int magic = h.readInt();
    if (magic != MAGIC) {
      throw new CorruptDataException(
          String.format("not a ranker model: magic 0x%08x, expected 0x%08x", magic, MAGIC));
    }
    int version = h.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown ranker model format version " + version);
    }
    int length = h.readInt();
    if (length < 0) {
      throw new CorruptDataException("negative ranker model length " + length);
    }
    byte[] body = in.readNBytes(length);
    byte[] tail = in.readNBytes(4);
    if (body.length < length || tail.length < 4) {
      throw new CorruptDataException(
          "ranker model truncated: " + body.length + " of " + length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(head);
    crc.update(body);
    int stored = new BinaryReader(tail).readInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptDataException(
          String.format(
              "ranker model checksum mismatch: stored %08x, computed %08x",
              stored, (int) crc.getValue()));
    }
    BinaryReader b = new BinaryReader(body);
    String modelVersion = b.readString();
    long trainedAt = b.readLong();
    RankerParams params;
    try {
      params =
          new RankerParams(
              b.readInt(),
              b.readInt(),
              b.readDouble(),
              b.readInt(),
              b.readDouble(),
              b.readDouble(),
              b.readInt(),
              b.readInt(),
              b.readLong(),
              b.readInt());
    } catch (IllegalArgumentException e) {
      throw corrupt("ranker model parameters: " + e.getMessage(), e);
    }
    int n = b.readLength(b.remaining());
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = b.readString();
    }
    if (!List.of(names).equals(RankerFeatures.NAMES)) {
      throw new CorruptDataException(
          "ranker model was trained on features "
              + List.of(names)
              + ", this version computes "
              + RankerFeatures.NAMES);
    }
    String text = new String(b.readBlob(), StandardCharsets.UTF_8);
    b.expectEnd();
    try {
      return new RankerModel(modelVersion, trainedAt, params, text);
    } catch (IllegalArgumentException e) {
      throw corrupt("ranker model: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      booster.close();
    } catch (LGBMException e) {
      throw new IllegalStateException("freeing the LightGBM booster failed: " + e.getMessage(), e);
    }
  }

  static String defaultVersion(long trainedAtMillis, String modelText) {
    CRC32 c = new CRC32();
    c.update(modelText.getBytes(StandardCharsets.UTF_8));
    return "ranker-" + trainedAtMillis + "-" + String.format("%08x", (int) c.getValue());
  }

  private static CorruptDataException corrupt(String message, Throwable cause) {
    CorruptDataException e = new CorruptDataException(message);
    e.initCause(cause);
    return e;
  }
}
