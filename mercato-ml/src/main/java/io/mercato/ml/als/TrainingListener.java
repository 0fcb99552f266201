package io.mercato.ml.als;

/**
 * Progress of {@link AlsTrainer#train}, called on the training thread after each iteration. An
 * exception thrown here aborts training and propagates to the caller (a way to cancel).
 */
@FunctionalInterface
public interface TrainingListener {
  /** Ignores progress; with it the trainer skips computing the loss. */
  TrainingListener NONE = (iteration, of, loss) -> {};

  /**
   * @param iteration the iteration just finished, 1-based
   * @param of        the total number of iterations
   * @param loss      the full iALS objective (weighted squared error over all cells plus the
   *                  regularisation term) after the iteration, or NaN if not computed; it does not
   *                  increase from one iteration to the next up to float rounding, since every CG
   *                  step starting from the previous row lowers that row's part of it
   */
  void iterationDone(int iteration, int of, double loss);
}
