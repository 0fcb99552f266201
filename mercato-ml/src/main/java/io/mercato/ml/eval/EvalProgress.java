package io.mercato.ml.eval;

/**
 * Progress of an {@link Evaluator} run, called on the evaluating thread: a sequence of tasks, each
 * begun, advanced and ended. Implementations must be cheap; {@link #step} is called once per unit.
 */
public interface EvalProgress {
  /** Ignores progress. */
  EvalProgress NONE =
      new EvalProgress() {
        @Override
        public void begin(String task, long total) {}

        @Override
        public void step(long done) {}

        @Override
        public void end() {}
      };

  /** A task of {@code total} units begins, e.g. {@code user_cf sampled} over the cases. */
  void begin(String task, long total);

  /** {@code done} units of the current task are finished (non-decreasing). */
  void step(long done);

  /** The current task is finished. */
  void end();
}
