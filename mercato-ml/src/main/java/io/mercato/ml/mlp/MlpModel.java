package io.mercato.ml.mlp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained MLP recommender: the items it knows and the network's weights (see {@link MlpNetwork}).
 * It scores candidate items for a user given only the user's recent items, so it needs no per-user
 * state and follows live events.
 *
 * <p><b>Unseen items.</b> History items the model does not know are skipped (the next known ones fill
 * the {@code historyLength} slots); a candidate it does not know gets no score ({@code NaN}), which the
 * recommender turns into 0 — "no evidence", below every known item's probability — so new items rank
 * after known ones, by popularity, until the next training.
 *
 * <p>Thread-safe: scoring reads the weights only, each call in its own native memory scope. The
 * weights live in native memory until {@link #close()}; a model being swapped out is closed by
 * {@link ModelSlot} once no scoring call holds it.
 */
public final class MlpModel implements AutoCloseable {
  private final String version;
  private final MlpParams params;
  private final long trainedAtMillis;
  private final String[] itemIds;
  private final Object2IntOpenHashMap<String> itemRow;
  private final float[][] weights;
  private final Training training;
  private final NDManager manager;
  private final MlpNetwork network;

  /**
   * How training went.
   *
   * @param trainExamples      examples trained on (interactions after each user's first, minus validation)
   * @param validationExamples held-out examples (each user's last)
   * @param epochs             epochs run
   * @param bestEpoch          the epoch whose weights were kept, 1-based
   * @param validation         its validation metric: sampled HR@10 (log loss) or RMSE (MSE); NaN without
   *                           validation examples
   */
  public record Training(
      int trainExamples, int validationExamples, int epochs, int bestEpoch, double validation) {}

  private MlpModel(
      String version,
      MlpParams params,
      long trainedAtMillis,
      String[] itemIds,
      float[][] weights,
      Training training) {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("model version must not be blank");
    }
    this.version = version;
    this.params = Objects.requireNonNull(params, "params");
    this.trainedAtMillis = trainedAtMillis;
    this.itemIds = itemIds;
    this.weights = weights;
    this.training = Objects.requireNonNull(training, "training");
    itemRow = new Object2IntOpenHashMap<>(itemIds.length);
    itemRow.defaultReturnValue(0);
    for (int i = 0; i < itemIds.length; i++) {
      if (itemRow.put(Objects.requireNonNull(itemIds[i], "item id"), i + 1) != 0) {
        throw new IllegalArgumentException("duplicate item id \"" + itemIds[i] + "\"");
      }
    }
    this.manager = TorchRuntime.start().newBaseManager();
    try {
      this.network = MlpNetwork.of(manager, itemIds.length, params, weights);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  static MlpModel create(
      MlpParams params,
      long trainedAtMillis,
      String[] itemIds,
      float[][] weights,
      Training training) {
    return new MlpModel(
        defaultVersion(trainedAtMillis, contentHash(itemIds, weights)),
        params,
        trainedAtMillis,
        itemIds,
        weights,
        training);
  }

  static MlpModel restore(
      String version,
      MlpParams params,
      long trainedAtMillis,
      String[] itemIds,
      float[][] weights,
      Training training) {
    return new MlpModel(version, params, trainedAtMillis, itemIds, weights, training);
  }

  /** {@code "mlp-" + trainedAtMillis + "-" + 8 hex digits} hashing the items and weights, unless restored. */
  public String version() {
    return version;
  }

  public MlpParams params() {
    return params;
  }

  public long trainedAtMillis() {
    return trainedAtMillis;
  }

  public Training training() {
    return training;
  }

  /** Items known at training. */
  public int items() {
    return itemIds.length;
  }

  /** Whether the model knows the item. */
  public boolean knows(String itemId) {
    return itemRow.getInt(itemId) > 0;
  }

  /** The known items, in the model's row order (an unmodifiable view). */
  public List<String> itemIds() {
    return List.of(itemIds);
  }

  /**
   * Scores {@code candidates} for a user whose recent items are {@code history} (most recent first), in
   * one forward pass: under log loss the probability in (0, 1) that the user interacts with the item
   * next, under MSE the predicted rating. A candidate the model does not know scores {@code NaN}.
   *
   * @return empty when no history item is known to the model (no user side to score with)
   */
  public Optional<float[]> score(List<String> history, List<String> candidates) {
    int len = params.historyLength();
    long[] hist = new long[len];
    int k = 0;
    for (int j = 0; j < history.size() && k < len; j++) {
      int row = itemRow.getInt(history.get(j));
      if (row > 0 && !contains(hist, k, row)) {
        hist[k++] = row;
      }
    }
    if (k == 0) {
      return Optional.empty();
    }
    float[] out = new float[candidates.size()];
    long[] rows = new long[candidates.size()];
    int known = 0;
    for (int c = 0; c < out.length; c++) {
      int row = itemRow.getInt(candidates.get(c));
      out[c] = Float.NaN;
      if (row > 0) {
        rows[known++] = row;
      }
    }
    if (known == 0) {
      return Optional.of(out);
    }
    float[] z;
    try (NDManager m = manager.newSubManager()) {
      NDArray logits =
          network.logits(
              m.create(hist, new Shape(1, len)),
              m.create(Arrays.copyOf(rows, known), new Shape(1, known)));
      z =
          (params.objective() == MlpParams.Objective.LOG_LOSS
                  ? ai.djl.nn.Activation.sigmoid(logits)
                  : logits)
              .toFloatArray();
    }
    for (int c = 0, i = 0; c < out.length; c++) {
      if (itemRow.getInt(candidates.get(c)) > 0) {
        out[c] = z[i++];
      }
    }
    return Optional.of(out);
  }

  /** Writes the versioned binary form ({@link MlpModelFormat}); does not close {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    MlpModelFormat.write(this, out);
  }

  /**
   * Reads what {@link #writeTo} wrote.
   *
   * @throws io.mercato.core.io.CorruptDataException on a bad magic number, unknown format version,
   *     truncated or inconsistent data, or a checksum mismatch
   */
  public static MlpModel readFrom(InputStream in) throws IOException {
    return MlpModelFormat.read(in);
  }

  /** Frees the weights' native memory; scoring afterwards fails. Idempotent. */
  @Override
  public void close() {
    manager.close();
  }

  String[] itemIdArray() {
    return itemIds;
  }

  float[][] weightArrays() {
    return weights;
  }

  static int contentHash(String[] itemIds, float[][] weights) {
    int h = 0x811C9DC5;
    for (String id : itemIds) {
      h = (h ^ id.hashCode()) * 0x01000193;
    }
    for (float[] w : weights) {
      for (float v : w) {
        h = (h ^ Float.floatToRawIntBits(v)) * 0x01000193;
      }
    }
    return h;
  }

  static String defaultVersion(long trainedAtMillis, int hash) {
    return "mlp-" + trainedAtMillis + "-" + String.format("%08x", hash);
  }

  private static boolean contains(long[] a, int n, long v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }
}
