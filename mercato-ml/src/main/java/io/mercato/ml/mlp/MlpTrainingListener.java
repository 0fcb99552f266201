package io.mercato.ml.mlp;

/**
 * Progress of {@link MlpTrainer#train}, called on the training thread. An exception thrown here aborts
 * training and propagates to the caller (a way to cancel).
 */
public interface MlpTrainingListener {
  /** Ignores progress. */
  MlpTrainingListener NONE = new MlpTrainingListener() {};

  /**
   * {@code done} of at most {@code total} optimisation steps are finished ({@code total} assumes every
   * epoch runs; early stopping ends before it). Called after every step: keep it cheap.
   */
  default void stepDone(long done, long total) {}

  /**
   * An epoch ended.
   *
   * @param epoch      1-based
   * @param trainLoss  mean training loss of the epoch (log loss, or squared error under MSE)
   * @param validation the validation metric after it: sampled HR@10 in [0, 1] (higher is better) under
   *                   log loss, RMSE (lower is better) under MSE; NaN without validation examples
   * @param best       whether this epoch's weights are the best so far (the ones kept)
   */
  default void epochDone(int epoch, double trainLoss, double validation, boolean best) {}
}
