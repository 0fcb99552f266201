package io.mercato.ml.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConjugateGradientTest {
  static final int K = 6;
  static final double LAMBDA = 0.1;
  static final double ALPHA = 10;

  @Test
  void kStepsReachTheExactHalfStepSolution() {
    SplittableRandom rnd = new SplittableRandom(2);
    int items = 30;
    float[] y = new float[items * K];
    for (int c = 0; c < y.length; c++) {
      y[c] = (float) rnd.nextGaussian();
    }
    int[] cols = {2, 5, 11, 17, 29};
    float[] weights = {1, 3, 0.5f, 2, 1};
    int[] ptr = {0, cols.length};
    double[] gram = Parallel.gramSequential(y, items, K);

    // The exact solution of (YᵀY + λI + Σ α·r y yᵀ) x = Σ (1 + α·r) y.
    double[] a = gram.clone();
    double[] b = new double[K];
    for (int d = 0; d < K; d++) {
      a[d * K + d] += LAMBDA;
    }
    for (int n = 0; n < cols.length; n++) {
      for (int r = 0; r < K; r++) {
        double yr = y[cols[n] * K + r];
        b[r] += (1 + ALPHA * weights[n]) * yr;
        for (int c = 0; c < K; c++) {
          a[r * K + c] += ALPHA * weights[n] * yr * y[cols[n] * K + c];
        }
      }
    }
    Cholesky.solveInPlace(a, b, K);

    float[] x = new float[K]; // CG from zero: in exact arithmetic k steps solve a k × k system
    new ConjugateGradient(gram, y, K, LAMBDA, ALPHA, K).solveRows(0, 1, ptr, cols, weights, x);
    for (int d = 0; d < K; d++) {
      assertThat((double) x[d]).isCloseTo(b[d], within(1e-4 * (1 + Math.abs(b[d]))));
    }

    float[] oneStep = new float[K];
    new ConjugateGradient(gram, y, K, LAMBDA, ALPHA, 1)
        .solveRows(0, 1, ptr, cols, weights, oneStep);
    float[] more = oneStep.clone();
    new ConjugateGradient(gram, y, K, LAMBDA, ALPHA, K).solveRows(0, 1, ptr, cols, weights, more);
    assertThat(error(more, b))
        .as("warm start continues toward the solution")
        .isLessThan(error(oneStep, b));
  }

  private static double error(float[] x, double[] exact) {
    double e = 0;
    for (int d = 0; d < x.length; d++) {
      e += (x[d] - exact[d]) * (x[d] - exact[d]);
    }
    return e;
  }
}
