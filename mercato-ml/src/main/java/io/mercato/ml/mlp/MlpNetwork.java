package io.mercato.ml.mlp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The network's weights and its forward pass, on DJL's PyTorch engine. Item rows are 1-based; row 0
 * is padding (an empty history slot) and never contributes.
 *
 * <pre>
 * user side   Hg, Hm = history embeddings of the user's L most recent items (most recent first)
 *             a_j = v · tanh(Hm_j W) + pos_j      attention over the history, masked to real items
 *             w = softmax(a) · mask;  ug = Σ w_j Hg_j;  um = Σ w_j Hm_j
 * item side   Qg, Qm, b = the candidate's target embeddings and bias
 * GMF branch  ug ⊙ Qg
 * MLP tower   h1 = ReLU(um·W1u + Qm·W1i + b1)     (fc1 over [um; Qm], the user half computed once)
 *             h2 = ReLU(h1·W2 + b2)               (fc2)
 * fused       logit = (ug ⊙ Qg)·og + h2·oh + b_item + b0
 * </pre>
 * The user is thus a learned, recency-aware pooling of their recent items' embeddings (as in NAIS, He
 * et al. 2018, with a target-independent attention so one user vector serves every candidate): no
 * per-user weights, so a user's next answer follows their live history without retraining, and a
 * user unseen at training is scored as well as any other.
 *
 * <p>Weights are initialised from a {@link SplittableRandom} of the given seed (embeddings
 * {@code N(0, 0.05²)}, dense layers Glorot-uniform, biases 0), so initialisation does not depend on
 * the engine's generator. Not thread-safe for training; {@link #logits} is safe to call concurrently
 * outside training (it only reads the weights).
 */
final class MlpNetwork implements AutoCloseable {
  static final String[] NAMES = {
    "hist_g",
    "hist_m",
    "item_g",
    "item_m",
    "item_bias",
    "att_w",
    "att_v",
    "att_pos",
    "fc1_user",
    "fc1_item",
    "fc1_bias",
    "fc2_w",
    "fc2_bias",
    "out_gmf",
    "out_mlp",
    "out_bias"
  };

  private final NDManager manager;
  private final Map<String, NDArray> weights = new LinkedHashMap<>();
  private final int items;
  private final MlpParams p;

  private MlpNetwork(NDManager manager, int items, MlpParams p) {
    this.manager = manager;
    this.items = items;
    this.p = p;
  }

  /** Shapes of every weight, in {@link #NAMES} order, for {@code items} known items. */
  static Shape[] shapes(int items, MlpParams p) {
    long rows = items + 1L;
    int att = p.mlpDim();
    return new Shape[] {
      new Shape(rows, p.gmfDim()),
      new Shape(rows, p.mlpDim()),
      new Shape(rows, p.gmfDim()),
      new Shape(rows, p.mlpDim()),
      new Shape(rows, 1),
      new Shape(p.mlpDim(), att),
      new Shape(att, 1),
      new Shape(p.historyLength()),
      new Shape(p.mlpDim(), p.hidden()),
      new Shape(p.mlpDim(), p.hidden()),
      new Shape(p.hidden()),
      new Shape(p.hidden(), p.hidden2()),
      new Shape(p.hidden2()),
      new Shape(p.gmfDim(), 1),
      new Shape(p.hidden2(), 1),
      new Shape(1)
    };
  }

  /** A freshly initialised network; {@code initialBias} starts {@code out_bias} (the mean rating under MSE). */
  static MlpNetwork initialise(NDManager manager, int items, MlpParams p, float initialBias) {
    MlpNetwork n = new MlpNetwork(manager, items, p);
    SplittableRandom rnd = new SplittableRandom(p.seed());
    Shape[] shapes = shapes(items, p);
    for (int k = 0; k < NAMES.length; k++) {
      String name = NAMES[k];
      Shape s = shapes[k];
      float[] v = new float[Math.toIntExact(s.size())];
      if (name.startsWith("hist_") || name.equals("item_g") || name.equals("item_m")) {
        for (int i = (int) s.get(1); i < v.length; i++) { // row 0, the padding, stays 0
          v[i] = (float) (0.05 * rnd.nextGaussian());
        }
      } else if (name.equals("out_bias")) {
        v[0] = initialBias;
      } else if (s.dimension() == 2 && !name.equals("item_bias")) {
        double limit = Math.sqrt(6.0 / (s.get(0) + s.get(1)));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((2 * rnd.nextDouble() - 1) * limit);
        }
      }
      n.put(name, v, s);
    }
    return n;
  }

  /** A network from saved weights, in {@link #NAMES} order; each array must have its shape's size. */
  static MlpNetwork of(NDManager manager, int items, MlpParams p, float[][] values) {
    MlpNetwork n = new MlpNetwork(manager, items, p);
    Shape[] shapes = shapes(items, p);
    for (int k = 0; k < NAMES.length; k++) {
      if (values[k].length != shapes[k].size()) {
        throw new IllegalArgumentException(
            "weight "
                + NAMES[k]
                + " has "
                + values[k].length
                + " values, expected "
                + shapes[k].size());
      }
      n.put(NAMES[k], values[k], shapes[k]);
    }
    return n;
  }

  private void put(String name, float[] v, Shape s) {
    NDArray a = manager.create(v, s);
    a.setName(name);
    weights.put(name, a);
  }

  int items() {
    return items;
  }

  MlpParams params() {
    return p;
  }

  Map<String, NDArray> weights() {
    return weights;
  }

  /** Copies of every weight's values, in {@link #NAMES} order. */
  float[][] values() {
    float[][] out = new float[NAMES.length][];
    for (int k = 0; k < NAMES.length; k++) {
      out[k] = weights.get(NAMES[k]).toFloatArray();
    }
    return out;
  }

  /** Makes every weight record gradients (training). */
  void attachGradients() {
    for (NDArray w : weights.values()) {
      w.setRequiresGradient(true);
    }
  }

  /**
   * The logits (MSE: the predicted ratings) of {@code cands} for the users whose histories are
   * {@code hist}.
   *
   * @param hist  int64 {@code [B, L]} item rows, most recent first, 0 for an empty slot
   * @param cands int64 {@code [B, C]} candidate item rows, each ≥ 1
   * @return float32 {@code [B, C]}
   */
  NDArray logits(NDArray hist, NDArray cands) {
    NDArray hg = embed(hist, "hist_g"); // [B, L, g]
    NDArray hm = embed(hist, "hist_m"); // [B, L, m]
    NDArray mask = hist.gt(0).toType(DataType.FLOAT32, false); // [B, L]
    NDArray a = hm.matMul(w("att_w")).tanh().matMul(w("att_v")).squeeze(2).add(w("att_pos"));
    NDArray att = a.add(mask.sub(1f).mul(1e9f)).softmax(1).mul(mask).expandDims(2); // [B, L, 1]
    NDArray ug = hg.mul(att).sum(new int[] {1}); // [B, g]
    NDArray um = hm.mul(att).sum(new int[] {1}); // [B, m]

    NDArray qg = embed(cands, "item_g"); // [B, C, g]
    NDArray qm = embed(cands, "item_m"); // [B, C, m]
    NDArray bias = embed(cands, "item_bias").squeeze(2); // [B, C]

    NDArray gmf = qg.mul(ug.expandDims(1)).matMul(w("out_gmf")).squeeze(2); // [B, C]
    NDArray h1 =
        qm.matMul(w("fc1_item"))
            .add(um.matMul(w("fc1_user")).expandDims(1))
            .add(w("fc1_bias"))
            .maximum(0f); // [B, C, h]
    NDArray h2 = h1.matMul(w("fc2_w")).add(w("fc2_bias")).maximum(0f); // [B, C, h/2]
    NDArray mlp = h2.matMul(w("out_mlp")).squeeze(2); // [B, C]
    return gmf.add(mlp).add(bias).add(w("out_bias"));
  }

  private NDArray embed(NDArray rows, String table) {
    NDList out = Embedding.embedding(rows, w(table), SparseFormat.DENSE);
    return out.singletonOrThrow();
  }

  private NDArray w(String name) {
    return weights.get(name);
  }

  @Override
  public void close() {
    manager.close();
  }
}
