package io.mercato.engine;

import io.mercato.ml.als.AlsParams;
import java.time.Duration;
import java.util.Objects;

/**
 * When and how the embedded engine trains iALS.
 *
 * @param factors        latent factors, 1–1024 (default 64)
 * @param iterations     alternating iterations, 1–1000 (default 15)
 * @param regularization L2 regularisation λ, finite and &gt; 0 (default 50: the best value on
 *                       MovieLens-100K validation, where 0.1 scored HR@10 0.651 and 50 scored 0.705;
 *                       λ is not scale-free, so retune it on your data with {@code mercato evaluate},
 *                       see EVALUATION.md)
 * @param alpha          confidence slope, {@code c = 1 + alpha·w}, finite and ≥ 0 (default 10)
 * @param trainInterval  train from the journal this often in the background; zero trains only on
 *                       demand (default 1 hour)
 */
public record AlsConfig(
    int factors, int iterations, double regularization, double alpha, Duration trainInterval) {
  public AlsConfig {
    Objects.requireNonNull(trainInterval, "als train-interval");
    if (trainInterval.isNegative()) {
      throw new IllegalArgumentException(
          "als train-interval must not be negative but was " + trainInterval);
    }
    // validates the hyperparameters with AlsParams' messages (fields are not assigned yet here)
    AlsParams.defaults()
        .withFactors(factors)
        .withIterations(iterations)
        .withRegularization(regularization)
        .withAlpha(alpha);
  }

  public static AlsConfig defaults() {
    return new AlsConfig(64, 15, 50, 10, Duration.ofHours(1));
  }

  /** The trainer's parameters with {@code threads} worker threads (seed 42, 3 CG steps). */
  public AlsParams params(int threads) {
    return AlsParams.defaults()
        .withFactors(factors)
        .withIterations(iterations)
        .withRegularization(regularization)
        .withAlpha(alpha)
        .withThreads(threads);
  }
}
