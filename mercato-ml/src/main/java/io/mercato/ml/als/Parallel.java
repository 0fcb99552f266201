package io.mercato.ml.als;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;

/**
 * The trainer's worker pool. Every operation splits its range at fixed midpoints down to a fixed
 * grain and combines partial results along that same tree, so a result is a function of the input
 * alone: not of the number of threads nor of which thread ran which leaf.
 */
final class Parallel implements AutoCloseable {
  /** Rows per leaf of a Gram matrix or loss sum; a constant, so the summation order is too. */
  static final int REDUCE_GRAIN = 512;

  private final ForkJoinPool pool;

  Parallel(int threads) {
    pool = new ForkJoinPool(threads);
  }

  /** Work on rows {@code from..to-1}. */
  @FunctionalInterface
  interface RangeBody {
    void run(int from, int to);
  }

  /** A partial sum over rows {@code from..to-1}. */
  @FunctionalInterface
  interface RangeSum {
    double sum(int from, int to);
  }

  /** Runs {@code body} over {@code 0..n-1} in leaves of at most {@code grain} rows. */
  void forEach(int n, int grain, RangeBody body) {
    pool.invoke(new ForEach(0, n, grain, body));
  }

  /** Σ of {@code f} over {@code 0..n-1}, added up in a fixed order. */
  double sum(int n, RangeSum f) {
    return pool.invoke(new Sum(0, n, f));
  }

  /**
   * FᵀF of the {@code rows × k} row-major matrix {@code f}, as a full symmetric {@code k × k}
   * row-major array. O(rows·k²/2).
   */
  double[] gram(float[] f, int rows, int k) {
    return mirror(pool.invoke(new Gram(f, 0, rows, k)), k);
  }

  /** {@link #gram} on the calling thread, in one pass (so rounding may differ slightly). */
  static double[] gramSequential(float[] f, int rows, int k) {
    double[] g = new double[k * k];
    addUpperGram(f, 0, rows, k, g);
    return mirror(g, k);
  }

  /** Adds the upper triangle (b ≥ a) of FᵀF over rows {@code from..to-1} to {@code g}. */
  private static void addUpperGram(float[] f, int from, int to, int k, double[] g) {
    double[] y = new double[k];
    for (int row = from; row < to; row++) {
      int off = row * k;
      for (int a = 0; a < k; a++) {
        y[a] = f[off + a];
      }
      for (int a = 0; a < k; a++) {
        double ya = y[a];
        int ga = a * k;
        for (int b = a; b < k; b++) {
          g[ga + b] += ya * y[b];
        }
      }
    }
  }

  private static double[] mirror(double[] g, int k) {
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < a; b++) {
        g[a * k + b] = g[b * k + a];
      }
    }
    return g;
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  private static final class ForEach extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;
    private final int grain;
    private final transient RangeBody body;

    ForEach(int from, int to, int grain, RangeBody body) {
      this.from = from;
      this.to = to;
      this.grain = grain;
      this.body = body;
    }

    @Override
    protected void compute() {
      if (to - from <= grain) {
        body.run(from, to);
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new ForEach(from, mid, grain, body), new ForEach(mid, to, grain, body));
    }
  }

  private static final class Sum extends RecursiveTask<Double> {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;
    private final transient RangeSum f;

    Sum(int from, int to, RangeSum f) {
      this.from = from;
      this.to = to;
      this.f = f;
    }

    @Override
    protected Double compute() {
      if (to - from <= REDUCE_GRAIN) {
        return f.sum(from, to);
      }
      int mid = (from + to) >>> 1;
      Sum left = new Sum(from, mid, f);
      left.fork();
      double right = new Sum(mid, to, f).compute();
      return left.join() + right;
    }
  }

  /** The upper triangle (b ≥ a) of FᵀF over rows {@code from..to-1}. */
  private static final class Gram extends RecursiveTask<double[]> {
    private static final long serialVersionUID = 1L;
    private final transient float[] f;
    private final int from;
    private final int to;
    private final int k;

    Gram(float[] f, int from, int to, int k) {
      this.f = f;
      this.from = from;
      this.to = to;
      this.k = k;
    }

    @Override
    protected double[] compute() {
      if (to - from <= REDUCE_GRAIN) {
        return leaf();
      }
      int mid = (from + to) >>> 1;
      Gram left = new Gram(f, from, mid, k);
      left.fork();
      double[] right = new Gram(f, mid, to, k).compute();
      double[] sum = left.join();
      for (int c = 0; c < sum.length; c++) {
        sum[c] += right[c];
      }
      return sum;
    }

    private double[] leaf() {
      double[] g = new double[k * k];
      addUpperGram(f, from, to, k, g);
      return g;
    }
  }
}
