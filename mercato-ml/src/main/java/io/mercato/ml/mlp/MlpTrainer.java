package io.mercato.ml.mlp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains the MLP recommender ({@link MlpNetwork}: a NeuMF-style GMF branch and MLP tower over a user
 * side pooled from the user's recent items) with DJL on the PyTorch engine, CPU.
 *
 * <h2>What is fitted</h2>
 * Every interaction after a user's first is an example: the user's history just before it
 * ({@link MlpExamples}) and the item. Under {@link MlpParams.Objective#LOG_LOSS} (default, implicit
 * feedback) the item is a positive and {@code negatives} items drawn uniformly among those the user
 * never touched are negatives, scored in the same step against the same user vector; binary log loss.
 * Under {@link MlpParams.Objective#MSE} the rating of the item is regressed (squared error).
 * Adam, mini-batches of {@code batchSize} examples in a shuffled order (smaller on small data, so an epoch
 * has at least {@value #MIN_STEPS} steps).
 *
 * <h2>Early stopping</h2>
 * Each user's last interaction is held out as validation (users with at least two examples). After
 * every epoch the model ranks each validation item among 99 items the user never touched (drawn once,
 * seeded): sampled HR@10 (RMSE of the ratings under MSE). Training stops after {@code patience} epochs
 * without improvement, or after {@code maxEpochs}, and keeps the best epoch's weights. The validation
 * interactions are never trained on as targets; they are what serving will see at the top of the
 * users' live histories.
 *
 * <h2>Determinism</h2>
 * Initialisation ({@link MlpNetwork#initialise}), negatives, shuffling and validation negatives come
 * from {@link SplittableRandom}s of the seed; PyTorch's CPU kernels used here are deterministic for a
 * given thread count, so the same data and parameters give the same weights on the same machine
 * ({@code MlpTrainerTest}).
 *
 * <h2>Cost</h2>
 * Per epoch O(examples · (1 + negatives) · (g + m·h + h²/2) + examples · L · m²) multiply-adds; on
 * MovieLens-100K at the defaults about 2–4 s per epoch on 2 cores (BENCHMARKS.md).
 */
public final class MlpTrainer {
  /** Negatives each validation item is ranked among. */
  static final int VALIDATION_NEGATIVES = 99;

  /** The cut-off of the validation hit rate. */
  static final int VALIDATION_K = 10;

  /** Steps per epoch at least (see {@link #batchSize}). */
  static final int MIN_STEPS = 50;

  private MlpTrainer() {}

  /**
   * Trains a model on {@code users}.
   *
   * @param clock gives {@link MlpModel#trainedAtMillis()}
   * @throws IllegalArgumentException when there is no training example (every user has fewer than two
   *     interactions) or, under log loss, fewer than {@code negatives + 2} items
   */
  public static MlpModel train(
      List<UserSequence> users, MlpParams p, MlpTrainingListener listener, InstantSource clock) {
    Objects.requireNonNull(p, "params");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clock, "clock");
    MlpExamples ex = new MlpExamples(users, p.historyLength());
    if (ex.trainSize() == 0) {
      throw new IllegalArgumentException(
          "no training example: every one of "
              + users.size()
              + " users has fewer than two interactions");
    }
    boolean logLoss = p.objective() == MlpParams.Objective.LOG_LOSS;
    if (logLoss && ex.items() < p.negatives() + 2) {
      throw new IllegalArgumentException(
          "log loss with "
              + p.negatives()
              + " negatives needs at least "
              + (p.negatives() + 2)
              + " items but the data has "
              + ex.items());
    }
    Engine engine = TorchRuntime.start();
    SplittableRandom rnd = new SplittableRandom(p.seed());
    int[][] validNegatives = logLoss ? validationNegatives(ex, rnd.split()) : null;
    SplittableRandom order = rnd.split();
    SplittableRandom negatives = rnd.split();
    int cands = logLoss ? 1 + p.negatives() : 1;
    int batchSize = batchSize(p.batchSize(), ex.trainSize());
    int batches = (ex.trainSize() + batchSize - 1) / batchSize;
    long totalSteps = (long) batches * p.maxEpochs();
    long step = 0;
    float[][] best = null;
    double bestMetric = Double.NaN;
    int bestEpoch = 0;
    int epochs = 0;
    try (NDManager root = engine.newBaseManager();
        MlpNetwork net =
            MlpNetwork.initialise(
                root.newSubManager(), ex.items(), p, logLoss ? 0f : (float) ex.meanRating)) {
      net.attachGradients();
      Optimizer adam =
          Optimizer.adam()
              .optLearningRateTracker(Tracker.fixed((float) p.learningRate()))
              .optWeightDecays((float) p.weightDecay())
              .optClipGrad(5f)
              .build();
      Loss loss = logLoss ? Loss.sigmoidBinaryCrossEntropyLoss() : Loss.l2Loss("l2", 2f);
      int[] perm = new int[ex.trainSize()];
      for (int i = 0; i < perm.length; i++) {
        perm[i] = i;
      }
      int since = 0;
      for (int epoch = 1; epoch <= p.maxEpochs(); epoch++) {
        epochs = epoch;
        shuffle(perm, order);
        double lossSum = 0;
        for (int from = 0; from < perm.length; from += batchSize) {
          int b = Math.min(batchSize, perm.length - from);
          long[] hist = new long[b * p.historyLength()];
          long[] cand = new long[b * cands];
          float[] label = new float[b * cands];
          for (int r = 0; r < b; r++) {
            int e = perm[from + r];
            for (int j = 0; j < p.historyLength(); j++) {
              hist[r * p.historyLength() + j] = ex.trainHist[e * p.historyLength() + j];
            }
            cand[r * cands] = ex.trainItem[e];
            label[r * cands] = logLoss ? 1f : ex.trainRating[e];
            for (int c = 1; c < cands; c++) {
              cand[r * cands + c] = negative(ex, ex.trainUser[e], negatives);
            }
          }
          try (NDManager m = root.newSubManager()) {
            NDArray h = m.create(hist, new Shape(b, p.historyLength()));
            NDArray c = m.create(cand, new Shape(b, cands));
            NDArray y = m.create(label, new Shape(b, cands));
            try (GradientCollector gc = engine.newGradientCollector()) {
              NDArray z = net.logits(h, c);
              NDArray l = loss.evaluate(new NDList(y), new NDList(z));
              gc.backward(l);
              lossSum += l.getFloat() * b;
            }
            for (Map.Entry<String, NDArray> w : net.weights().entrySet()) {
              NDArray g = w.getValue().getGradient();
              adam.update(w.getKey(), w.getValue(), g);
              g.subi(g); // PyTorch accumulates gradients: zero them for the next step
              g.close();
            }
          }
          listener.stepDone(++step, totalSteps);
        }
        double metric =
            ex.validSize() == 0
                ? Double.NaN
                : logLoss
                    ? validationHitRate(net, ex, validNegatives, root)
                    : validationRmse(net, ex, root);
        boolean better =
            best == null
                || Double.isNaN(bestMetric)
                || (logLoss ? metric > bestMetric : metric < bestMetric);
        if (better) {
          best = net.values();
          bestMetric = metric;
          bestEpoch = epoch;
          since = 0;
        } else {
          since++;
        }
        listener.epochDone(epoch, lossSum / perm.length, metric, better);
        if (since >= p.patience()) {
          break;
        }
      }
    }
    long trainedAt = clock.millis();
    MlpModel.Training summary =
        new MlpModel.Training(ex.trainSize(), ex.validSize(), epochs, bestEpoch, bestMetric);
    return MlpModel.create(p, trainedAt, ex.itemIds, best, summary);
  }

  /**
   * The batch size used: {@code batchSize}, made smaller on small data so that an epoch has at least
   * {@value #MIN_STEPS} steps (a few hundred examples would otherwise train for a handful of steps).
   */
  static int batchSize(int batchSize, int examples) {
    return Math.max(1, Math.min(batchSize, (examples + MIN_STEPS - 1) / MIN_STEPS));
  }

  /** A uniformly drawn item row the user never touched. */
  private static int negative(MlpExamples ex, int user, SplittableRandom r) {
    while (true) {
      int row = 1 + r.nextInt(ex.items());
      if (!ex.touched(user, row)) {
        return row;
      }
    }
  }

  private static int[][] validationNegatives(MlpExamples ex, SplittableRandom r) {
    int[][] out = new int[ex.validSize()][];
    for (int v = 0; v < out.length; v++) {
      int user = ex.validUser[v];
      int free = ex.items() - ex.userItems[user].length;
      int n = Math.min(VALIDATION_NEGATIVES, free);
      it.unimi.dsi.fastutil.ints.IntLinkedOpenHashSet picked =
          new it.unimi.dsi.fastutil.ints.IntLinkedOpenHashSet();
      while (picked.size() < n) {
        picked.add(negative(ex, user, r));
      }
      out[v] = picked.toIntArray();
    }
    return out;
  }

  /** Share of validation items ranked in the top 10 among their negatives (ties count against). */
  private static double validationHitRate(
      MlpNetwork net, MlpExamples ex, int[][] negs, NDManager root) {
    int hits = 0;
    int len = ex.length;
    int chunk = 256;
    for (int from = 0; from < ex.validSize(); from += chunk) {
      int b = Math.min(chunk, ex.validSize() - from);
      int c = 1 + VALIDATION_NEGATIVES;
      long[] hist = new long[b * len];
      long[] cand = new long[b * c];
      for (int r = 0; r < b; r++) {
        int v = from + r;
        for (int j = 0; j < len; j++) {
          hist[r * len + j] = ex.validHist[v * len + j];
        }
        cand[r * c] = ex.validItem[v];
        for (int k = 1; k < c; k++) {
          // users who touched nearly every item have fewer negatives: repeat the positive (a tie at
          // worst
          // costs nothing, since ties are counted only among true negatives below)
          cand[r * c + k] = k - 1 < negs[v].length ? negs[v][k - 1] : ex.validItem[v];
        }
      }
      float[] z;
      try (NDManager m = root.newSubManager()) {
        z =
            net.logits(m.create(hist, new Shape(b, len)), m.create(cand, new Shape(b, c)))
                .toFloatArray();
      }
      for (int r = 0; r < b; r++) {
        int v = from + r;
        int rank = 0;
        for (int k = 1; k <= negs[v].length; k++) {
          if (z[r * c + k] >= z[r * c]) {
            rank++;
          }
        }
        hits += rank < VALIDATION_K ? 1 : 0;
      }
    }
    return hits / (double) ex.validSize();
  }

  private static double validationRmse(MlpNetwork net, MlpExamples ex, NDManager root) {
    double se = 0;
    int len = ex.length;
    int chunk = 1024;
    for (int from = 0; from < ex.validSize(); from += chunk) {
      int b = Math.min(chunk, ex.validSize() - from);
      long[] hist = new long[b * len];
      long[] cand = new long[b];
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < len; j++) {
          hist[r * len + j] = ex.validHist[(from + r) * len + j];
        }
        cand[r] = ex.validItem[from + r];
      }
      float[] z;
      try (NDManager m = root.newSubManager()) {
        z =
            net.logits(m.create(hist, new Shape(b, len)), m.create(cand, new Shape(b, 1)))
                .toFloatArray();
      }
      for (int r = 0; r < b; r++) {
        double d = z[r] - ex.validRating[from + r];
        se += d * d;
      }
    }
    return Math.sqrt(se / ex.validSize());
  }

  private static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
