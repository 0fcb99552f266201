package io.mercato.ml.mlp;

/**
 * Hyperparameters of the MLP recommender (see {@link MlpTrainer} for the model).
 *
 * @param gmfDim        width of the GMF branch's embeddings (the element-wise product), 1..512
 *                      (default 32)
 * @param mlpDim        width of the MLP tower's embeddings (user and item halves of its input), 1..512
 *                      (default 32)
 * @param hidden        width of fc1; fc2 is half of it (at least 1), 1..2048 (default 64)
 * @param historyLength the user's most recent distinct items the user side pools, 1..512 (default 50)
 * @param negatives     sampled negatives per positive under {@link Objective#LOG_LOSS}, 1..100
 *                      (default 4; ignored by {@link Objective#MSE})
 * @param maxEpochs     passes over the training examples at most, 1..1000 (default 20)
 * @param patience      epochs without a better validation HR@10 before training stops and the best
 *                      epoch's weights are kept, 1..1000 (default 2)
 * @param batchSize     examples (positions) per step, 1..65536 (default 256)
 * @param learningRate  Adam's step size, finite and in (0, 1] (default 0.002)
 * @param weightDecay   L2 weight decay of Adam, finite and ≥ 0 (default 0)
 * @param objective     what is fitted (default {@link Objective#LOG_LOSS})
 * @param seed          seed of initialisation, negative sampling, shuffling and the validation negatives
 *                      (default 42)
 */
public record MlpParams(
    int gmfDim,
    int mlpDim,
    int hidden,
    int historyLength,
    int negatives,
    int maxEpochs,
    int patience,
    int batchSize,
    double learningRate,
    double weightDecay,
    Objective objective,
    long seed) {

  /** What training fits. */
  public enum Objective {
    /**
     * Implicit feedback: each (history, next item) is a positive, {@code negatives} uniformly drawn
     * items the user never touched are negatives; binary log loss on the logit. Scores are
     * probabilities in (0, 1).
     */
    LOG_LOSS,
    /**
     * Explicit ratings, the product brief's network: the rating of the next item regressed with mean
     * squared error (no negatives). Scores are predicted ratings.
     */
    MSE
  }

  public MlpParams {
    range("mlp.gmf-dim", gmfDim, 1, 512);
    range("mlp.mlp-dim", mlpDim, 1, 512);
    range("mlp.hidden", hidden, 1, 2048);
    range("mlp.history-length", historyLength, 1, 512);
    range("mlp.negatives", negatives, 1, 100);
    range("mlp.max-epochs", maxEpochs, 1, 1000);
    range("mlp.patience", patience, 1, 1000);
    range("mlp.batch-size", batchSize, 1, 65536);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException(
          "mlp.learning-rate must be in (0, 1] but was " + learningRate);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "mlp.weight-decay must be a finite number >= 0 but was " + weightDecay);
    }
    if (objective == null) {
      throw new IllegalArgumentException("mlp.objective must not be null");
    }
  }

  /** The defaults listed above. */
  public static MlpParams defaults() {
    return new MlpParams(32, 32, 64, 50, 4, 20, 2, 256, 0.002, 0, Objective.LOG_LOSS, 42);
  }

  public MlpParams withDims(int gmf, int mlp, int hiddenWidth) {
    return new MlpParams(
        gmf,
        mlp,
        hiddenWidth,
        historyLength,
        negatives,
        maxEpochs,
        patience,
        batchSize,
        learningRate,
        weightDecay,
        objective,
        seed);
  }

  public MlpParams withHistoryLength(int n) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        n,
        negatives,
        maxEpochs,
        patience,
        batchSize,
        learningRate,
        weightDecay,
        objective,
        seed);
  }

  public MlpParams withNegatives(int n) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        n,
        maxEpochs,
        patience,
        batchSize,
        learningRate,
        weightDecay,
        objective,
        seed);
  }

  public MlpParams withEpochs(int max, int patienceEpochs) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        negatives,
        max,
        patienceEpochs,
        batchSize,
        learningRate,
        weightDecay,
        objective,
        seed);
  }

  public MlpParams withBatchSize(int n) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        negatives,
        maxEpochs,
        patience,
        n,
        learningRate,
        weightDecay,
        objective,
        seed);
  }

  public MlpParams withLearningRate(double lr) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        negatives,
        maxEpochs,
        patience,
        batchSize,
        lr,
        weightDecay,
        objective,
        seed);
  }

  public MlpParams withWeightDecay(double wd) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        negatives,
        maxEpochs,
        patience,
        batchSize,
        learningRate,
        wd,
        objective,
        seed);
  }

  public MlpParams withObjective(Objective o) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        negatives,
        maxEpochs,
        patience,
        batchSize,
        learningRate,
        weightDecay,
        o,
        seed);
  }

  public MlpParams withSeed(long s) {
    return new MlpParams(
        gmfDim,
        mlpDim,
        hidden,
        historyLength,
        negatives,
        maxEpochs,
        patience,
        batchSize,
        learningRate,
        weightDecay,
        objective,
        s);
  }

  /** fc2's width: half of fc1's, at least 1. */
  public int hidden2() {
    return Math.max(1, hidden / 2);
  }

  private static void range(String field, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          field + " must be in " + min + ".." + max + " but was " + v);
    }
  }
}
