package io.mercato.ml.als;

import java.util.Arrays;

/**
 * One ALS half-step by conjugate gradient (Takács, Pilászy, Tikk 2011): re-solves every row
 * {@code x} of the target factors from the fixed factors {@code Y}, where row {@code x}'s
 * interactions are the cells {@code (j, r_j)} of one CSR row:
 *
 * <pre>
 *   A x = b,   A = YᵀY + λI + Σ_j α·r_j · y_j y_jᵀ,   b = Σ_j (1 + α·r_j) · y_j
 * </pre>
 *
 * <p>{@code YᵀY} is computed once per half-step and shared. The sparse correction is never formed:
 * CG only needs products {@code A·v = YᵀY·v + λv + Σ_j α·r_j (y_j·v) y_j}, which cost
 * O(k² + k·n) for a row with {@code n} cells, against O(k²·n + k³) for building and factoring
 * {@code A} as an exact solve does. CG starts from the row's current value, so the few steps taken
 * continue the previous iterations' work; each step lowers the row's part of the objective.
 *
 * <p>Rows are solved independently: a row reads only {@code Y} and writes only itself, so the
 * outcome does not depend on how rows are spread over threads. Storage is float; the solve runs in
 * double.
 */
final class ConjugateGradient {
  /** Rows per task: small, as row costs are skewed (popular items have many cells). */
  static final int GRAIN = 16;

  private final double[] gram;
  private final float[] fixed;
  private final int k;
  private final double lambda;
  private final double alpha;
  private final int steps;

  /**
   * @param gram  {@code YᵀY}, full symmetric k × k row-major
   * @param fixed {@code Y}, row-major with {@code k} floats per row
   */
  ConjugateGradient(double[] gram, float[] fixed, int k, double lambda, double alpha, int steps) {
    this.gram = gram;
    this.fixed = fixed;
    this.k = k;
    this.lambda = lambda;
    this.alpha = alpha;
    this.steps = steps;
  }

  /**
   * Re-solves rows {@code from..to-1} of {@code target} (row-major, {@code k} floats per row) from the
   * CSR rows {@code ptr}/{@code cols}/{@code weights}.
   */
  void solveRows(int from, int to, int[] ptr, int[] cols, float[] weights, float[] target) {
    double[] x = new double[k];
    double[] r = new double[k];
    double[] p = new double[k];
    double[] ap = new double[k];
    for (int row = from; row < to; row++) {
      int start = ptr[row];
      int end = ptr[row + 1];
      int off = row * k;
      if (start == end) {
        // b = 0 and A is positive definite, so the exact solution is 0.
        Arrays.fill(target, off, off + k, 0f);
        continue;
      }
      for (int a = 0; a < k; a++) {
        x[a] = target[off + a];
      }
      residual(start, end, cols, weights, x, r);
      System.arraycopy(r, 0, p, 0, k);
      double rr = dot(r, r);
      for (int s = 0; s < steps && rr > 0; s++) {
        multiply(start, end, cols, weights, p, ap);
        double pap = dot(p, ap);
        if (!(pap > 0)) {
          break; // p is numerically zero: converged
        }
        double step = rr / pap;
        for (int a = 0; a < k; a++) {
          x[a] += step * p[a];
          r[a] -= step * ap[a];
        }
        double next = dot(r, r);
        double beta = next / rr;
        for (int a = 0; a < k; a++) {
          p[a] = r[a] + beta * p[a];
        }
        rr = next;
      }
      for (int a = 0; a < k; a++) {
        target[off + a] = (float) x[a];
      }
    }
  }

  /** {@code r = b − A·x}, with b and the sparse part of A·x taken in one pass over the cells. */
  private void residual(int start, int end, int[] cols, float[] weights, double[] x, double[] r) {
    denseProduct(x, r);
    for (int a = 0; a < k; a++) {
      r[a] = -r[a];
    }
    for (int c = start; c < end; c++) {
      int yOff = cols[c] * k;
      double boost = alpha * weights[c]; // c_j − 1
      // b gets (1 + boost)·y_j; A·x gets boost·(y_j·x)·y_j.
      addScaled(r, 1 + boost - boost * dot(fixed, yOff, x), yOff);
    }
  }

  /** {@code out = A·v}. */
  private void multiply(int start, int end, int[] cols, float[] weights, double[] v, double[] out) {
    denseProduct(v, out);
    for (int c = start; c < end; c++) {
      int yOff = cols[c] * k;
      addScaled(out, alpha * weights[c] * dot(fixed, yOff, v), yOff);
    }
  }

  /** {@code out = (YᵀY + λI)·v}. */
  private void denseProduct(double[] v, double[] out) {
    for (int a = 0; a < k; a++) {
      out[a] = dot(gram, a * k, v) + lambda * v[a];
    }
  }

  private void addScaled(double[] out, double scale, int yOff) {
    for (int a = 0; a < k; a++) {
      out[a] += scale * fixed[yOff + a];
    }
  }

  // Four accumulators break the add-latency chain of a single running sum, which the JIT may not
  // reorder: training on MovieLens-100K at 64 factors runs about 1.4× faster than with one.

  private double dot(float[] f, int off, double[] v) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int a = 0;
    for (; a + 3 < k; a += 4) {
      s0 += f[off + a] * v[a];
      s1 += f[off + a + 1] * v[a + 1];
      s2 += f[off + a + 2] * v[a + 2];
      s3 += f[off + a + 3] * v[a + 3];
    }
    for (; a < k; a++) {
      s0 += f[off + a] * v[a];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private double dot(double[] m, int off, double[] v) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int a = 0;
    for (; a + 3 < k; a += 4) {
      s0 += m[off + a] * v[a];
      s1 += m[off + a + 1] * v[a + 1];
      s2 += m[off + a + 2] * v[a + 2];
      s3 += m[off + a + 3] * v[a + 3];
    }
    for (; a < k; a++) {
      s0 += m[off + a] * v[a];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private double dot(double[] u, double[] v) {
    return dot(u, 0, v);
  }
}
