package io.mercato.ml.als;

/**
 * The iALS objective {@code Σ_{u,i} c_ui (p_ui − s_ui)² + λ(‖X‖² + ‖Y‖²)}, {@code s_ui = x_uᵀy_i}, over
 * all users × items cells without visiting them: the unobserved cells (c = 1, p = 0) contribute
 * {@code s²}, so the sum is {@code Σ_all s² + Σ_observed (c(1 − s)² − s²)}, and
 * {@code Σ_all s² = Σ_i y_iᵀ(XᵀX)y_i}. O(items·k² + nonZeros·k), reusing XᵀX from the item half-step.
 */
final class Loss {
  private Loss() {}

  static double of(
      Parallel par, InteractionMatrix m, AlsParams p, float[] x, float[] y, double[] xtx) {
    int k = p.factors();
    double lambda = p.regularization();
    double alpha = p.alpha();
    int[] ptr = m.itemPtr();
    int[] users = m.itemUsers();
    float[] weights = m.itemWeights();
    double itemTerms =
        par.sum(
            m.items(),
            (from, to) -> {
              double[] yi = new double[k];
              double sum = 0;
              for (int i = from; i < to; i++) {
                int off = i * k;
                double norm = 0;
                for (int a = 0; a < k; a++) {
                  yi[a] = y[off + a];
                  norm += yi[a] * yi[a];
                }
                double quad = 0;
                for (int a = 0; a < k; a++) {
                  double row = 0;
                  for (int b = 0; b < k; b++) {
                    row += xtx[a * k + b] * yi[b];
                  }
                  quad += yi[a] * row;
                }
                sum += quad + lambda * norm;
                for (int c = ptr[i]; c < ptr[i + 1]; c++) {
                  int uOff = users[c] * k;
                  double s = 0;
                  for (int a = 0; a < k; a++) {
                    s += x[uOff + a] * yi[a];
                  }
                  double confidence = 1 + alpha * weights[c];
                  sum += confidence * (1 - s) * (1 - s) - s * s;
                }
              }
              return sum;
            });
    double userNorms =
        par.sum(
            m.users(),
            (from, to) -> {
              double sum = 0;
              for (int c = from * k; c < to * k; c++) {
                sum += (double) x[c] * x[c];
              }
              return sum;
            });
    return itemTerms + lambda * userNorms;
  }
}
