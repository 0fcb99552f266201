package io.mercato.ml.als;

/**
 * Hyperparameters of implicit-feedback ALS (see {@link AlsTrainer}).
 *
 * <p>The model minimises {@code Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²)} over all
 * user × item cells, with preference {@code p_ui = 1} where the interaction weight {@code r_ui > 0}
 * (else 0) and confidence {@code c_ui = 1 + α·r_ui}.
 *
 * @param factors        latent dimensions {@code k}, in 1..1024 (default 64). Training costs
 *                       O(k²·(users + items) + k·nonZeros) per CG step; the model holds
 *                       {@code 4·k·(users + items)} bytes of factors
 * @param iterations     alternating sweeps (a user half-step then an item half-step), in 1..1000
 *                       (default 15)
 * @param regularization λ, a finite number &gt; 0 (default 0.1); it is not scaled by row counts,
 *                       as in Hu, Koren and Volinsky
 * @param alpha          α, the confidence slope, a finite number ≥ 0 (default 10); 0 weighs every
 *                       cell equally
 * @param cgSteps        conjugate-gradient steps per row and half-step, in 1..1024 (default 3).
 *                       Each starts from the row's previous value, so a few steps suffice; Takács,
 *                       Pilászy and Tikk report 2–4 matching an exact solve in accuracy
 * @param seed           seed of the factor initialisation; any value (default 42)
 * @param threads        worker threads of training, in 1..1024 (default: available processors).
 *                       Results do not depend on it (see {@link AlsTrainer})
 */
public record AlsParams(
    int factors,
    int iterations,
    double regularization,
    double alpha,
    int cgSteps,
    long seed,
    int threads) {

  static final int MAX_FACTORS = 1024;
  static final int MAX_ITERATIONS = 1000;
  static final int MAX_CG_STEPS = 1024;
  static final int MAX_THREADS = 1024;

  public AlsParams {
    checkRange("als.factors", factors, 1, MAX_FACTORS);
    checkRange("als.iterations", iterations, 1, MAX_ITERATIONS);
    if (!(regularization > 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException(
          "als.regularization must be a finite number > 0 but was " + regularization);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("als.alpha must be a finite number >= 0 but was " + alpha);
    }
    checkRange("als.cgSteps", cgSteps, 1, MAX_CG_STEPS);
    checkRange("als.threads", threads, 1, MAX_THREADS);
  }

  /** 64 factors, 15 iterations, λ 0.1, α 10, 3 CG steps, seed 42, one thread per available processor. */
  public static AlsParams defaults() {
    int cpus = Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS);
    return new AlsParams(64, 15, 0.1, 10, 3, 42, cpus);
  }

  public AlsParams withFactors(int f) {
    return new AlsParams(f, iterations, regularization, alpha, cgSteps, seed, threads);
  }

  public AlsParams withIterations(int n) {
    return new AlsParams(factors, n, regularization, alpha, cgSteps, seed, threads);
  }

  public AlsParams withRegularization(double lambda) {
    return new AlsParams(factors, iterations, lambda, alpha, cgSteps, seed, threads);
  }

  public AlsParams withAlpha(double a) {
    return new AlsParams(factors, iterations, regularization, a, cgSteps, seed, threads);
  }

  public AlsParams withCgSteps(int steps) {
    return new AlsParams(factors, iterations, regularization, alpha, steps, seed, threads);
  }

  public AlsParams withSeed(long s) {
    return new AlsParams(factors, iterations, regularization, alpha, cgSteps, s, threads);
  }

  public AlsParams withThreads(int t) {
    return new AlsParams(factors, iterations, regularization, alpha, cgSteps, seed, t);
  }

  private static void checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in " + min + ".." + max + " but was " + value);
    }
  }
}
