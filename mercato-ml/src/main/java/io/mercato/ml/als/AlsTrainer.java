package io.mercato.ml.als;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Random;

/**
 * Trains implicit-feedback ALS: Hu, Koren and Volinsky, "Collaborative Filtering for Implicit
 * Feedback Datasets" (ICDM 2008), with each half-step solved by a few conjugate-gradient steps as in
 * Takács, Pilászy and Tikk, "Applications of the conjugate gradient method for implicit feedback
 * collaborative filtering" (RecSys 2011). Hand-written: there is no well-kept Java iALS library, and
 * the algorithm is small.
 *
 * <p>The objective and its parameters are described in {@link AlsParams}. Each iteration solves every
 * user row from the item factors, then every item row from the user factors; see
 * {@link ConjugateGradient} for the solve.
 *
 * <h2>Determinism</h2>
 * Factors start from {@code N(0, 0.01²)} draws of {@code java.util.Random(seed)} (users, then items,
 * row by row; that generator's sequence is specified, so it is the same on every JVM). Rows are
 * solved independently, and sums over rows (YᵀY, the loss) are split at fixed points and added in a
 * fixed order. The model is therefore a function of the matrix and the parameters other than
 * {@code threads}: the same on 1 or 16 threads, run after run.
 *
 * <h2>Cost</h2>
 * Per iteration O((users + items)·k²·(cgSteps + 1) + nonZeros·k·(cgSteps + 1)) time; memory is the
 * factors, {@code 4·k·(users + items)} bytes, plus O(k²) per thread. MovieLens-100K (943 users,
 * 1682 items, 100k ratings) at 64 factors and 15 iterations trains in about 0.4 s on 2 cores, 0.6 s
 * in a fresh JVM ({@code MovieLens100kBench} in the tests).
 */
public final class AlsTrainer {
  /** Standard deviation of the initial factors. */
  static final double INIT_STDDEV = 0.01;

  private AlsTrainer() {}

  /** {@link #train(InteractionMatrix, AlsParams, TrainingListener, InstantSource)} on the system clock. */
  public static AlsModel train(InteractionMatrix m, AlsParams p, TrainingListener l) {
    return train(m, p, l, InstantSource.system());
  }

  /**
   * Trains a model on {@code m}, calling {@code l} after every iteration. The loss is computed only for
   * a listener other than {@link TrainingListener#NONE}; it costs about a quarter of an iteration.
   *
   * @param clock gives {@link AlsModel#trainedAtMillis()} when training ends
   * @throws IllegalArgumentException if {@code m} has no user or no item, or too many rows for the
   *     factor arrays ({@code rows·factors} must stay below 2³¹)
   */
  public static AlsModel train(
      InteractionMatrix m, AlsParams p, TrainingListener l, InstantSource clock) {
    Objects.requireNonNull(m, "matrix");
    Objects.requireNonNull(p, "params");
    Objects.requireNonNull(l, "listener");
    Objects.requireNonNull(clock, "clock");
    int users = m.users();
    int items = m.items();
    int k = p.factors();
    if (users == 0 || items == 0) {
      throw new IllegalArgumentException(
          "cannot train on an interaction matrix with " + users + " users and " + items + " items");
    }
    if ((long) Math.max(users, items) * k > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          Math.max(users, items)
              + " rows of "
              + k
              + " factors do not fit a float array; reduce als.factors or the rows");
    }
    Random rnd = new Random(p.seed());
    float[] x = gaussian(rnd, users * k);
    float[] y = gaussian(rnd, items * k);
    try (Parallel par = new Parallel(p.threads())) {
      for (int it = 1; it <= p.iterations(); it++) {
        halfStep(
            par,
            p,
            users,
            m.userPtr(),
            m.userItems(),
            m.userWeights(),
            par.gram(y, items, k),
            y,
            x);
        double[] xtx = par.gram(x, users, k);
        halfStep(par, p, items, m.itemPtr(), m.itemUsers(), m.itemWeights(), xtx, x, y);
        double loss = l == TrainingListener.NONE ? Double.NaN : Loss.of(par, m, p, x, y, xtx);
        l.iterationDone(it, p.iterations(), loss);
      }
    }
    long trainedAt = clock.millis();
    String[] userIds = m.userIdArray();
    String[] itemIds = m.itemIdArray();
    String version =
        AlsModel.defaultVersion(trainedAt, AlsModel.contentHash(userIds, itemIds, x, y));
    return new AlsModel(
        version, p, trainedAt, userIds, m.userIndexMap(), itemIds, m.itemIndexMap(), x, y);
  }

  /** Re-solves all {@code rows} rows of {@code target} from {@code fixed} and its Gram matrix. */
  private static void halfStep(
      Parallel par,
      AlsParams p,
      int rows,
      int[] ptr,
      int[] cols,
      float[] weights,
      double[] gram,
      float[] fixed,
      float[] target) {
    ConjugateGradient cg =
        new ConjugateGradient(gram, fixed, p.factors(), p.regularization(), p.alpha(), p.cgSteps());
    par.forEach(
        rows,
        ConjugateGradient.GRAIN,
        (from, to) -> cg.solveRows(from, to, ptr, cols, weights, target));
  }

  private static float[] gaussian(Random rnd, int n) {
    float[] f = new float[n];
    for (int c = 0; c < n; c++) {
      f[c] = (float) (INIT_STDDEV * rnd.nextGaussian());
    }
    return f;
  }
}
