package io.mercato.ml.als;

/** Exact solve of a small symmetric positive-definite system, for {@link AlsModel#foldIn}. */
final class Cholesky {
  private Cholesky() {}

  /**
   * Solves {@code A·x = b} in O(k³/3), overwriting {@code a} with its Cholesky factor and {@code b}
   * with {@code x}.
   *
   * @param a symmetric positive-definite {@code k × k}, row-major; only the lower triangle is read
   * @throws ArithmeticException if {@code a} is not numerically positive definite
   */
  static void solveInPlace(double[] a, double[] b, int k) {
    // A = L·Lᵀ, L stored in the lower triangle of a.
    for (int j = 0; j < k; j++) {
      int rj = j * k;
      double d = a[rj + j];
      for (int c = 0; c < j; c++) {
        d -= a[rj + c] * a[rj + c];
      }
      if (!(d > 0)) {
        throw new ArithmeticException(
            "matrix is not positive definite (pivot " + j + " is " + d + ")");
      }
      double ljj = Math.sqrt(d);
      a[rj + j] = ljj;
      for (int i = j + 1; i < k; i++) {
        int ri = i * k;
        double s = a[ri + j];
        for (int c = 0; c < j; c++) {
          s -= a[ri + c] * a[rj + c];
        }
        a[ri + j] = s / ljj;
      }
    }
    // L·z = b, then Lᵀ·x = z.
    for (int i = 0; i < k; i++) {
      int ri = i * k;
      double s = b[i];
      for (int c = 0; c < i; c++) {
        s -= a[ri + c] * b[c];
      }
      b[i] = s / a[ri + i];
    }
    for (int i = k - 1; i >= 0; i--) {
      double s = b[i];
      for (int c = i + 1; c < k; c++) {
        s -= a[c * k + i] * b[c];
      }
      b[i] = s / a[i * k + i];
    }
  }
}
