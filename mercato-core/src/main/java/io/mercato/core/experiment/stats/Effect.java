package io.mercato.core.experiment.stats;

/** What a comparison shows about a treatment, in the metric's good direction. */
public enum Effect {
  /** Significantly better than the control (the interval excludes 0 on the good side). */
  BETTER,
  /** Significantly worse. */
  WORSE,
  /** Not significant (yet), or not enough users. */
  INCONCLUSIVE
}
