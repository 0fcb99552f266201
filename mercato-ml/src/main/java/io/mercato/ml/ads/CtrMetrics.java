package io.mercato.ml.ads;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How good a pCTR is on an impression log.
 *
 * @param impressions the impressions judged
 * @param clicks      of which clicked
 * @param logLoss     mean binary log loss (natural log; predictions clipped to [1e-6, 1 − 1e-6]); lower is better
 * @param auc         area under the ROC curve, in [0, 1] (ties count half); 0.5 is chance
 * @param ece         expected calibration error: over 10 bins of equal impression count by prediction,
 *                    the impression-weighted mean |mean prediction − observed CTR|; lower is better
 * @param meanPredicted mean prediction, against {@code clicks / impressions} observed
 */
public record CtrMetrics(
    int impressions, long clicks, double logLoss, double auc, double ece, double meanPredicted) {
  /** The metrics of predictions {@code p} for outcomes {@code clicked}, parallel. */
  public static CtrMetrics of(double[] p, boolean[] clicked) {
    int n = p.length;
    if (n == 0 || clicked.length != n) {
      throw new IllegalArgumentException(
          "need parallel, non-empty predictions and outcomes: " + n + " and " + clicked.length);
    }
    double ll = 0;
    double mean = 0;
    long clicks = 0;
    for (int i = 0; i < n; i++) {
      double q = Math.min(1 - 1e-6, Math.max(1e-6, p[i]));
      ll -= clicked[i] ? Math.log(q) : Math.log(1 - q);
      mean += p[i];
      clicks += clicked[i] ? 1 : 0;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    // AUC by ranks (Mann–Whitney U), average ranks for ties
    double rankSumPos = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (clicked[order[k]]) {
          rankSumPos += avgRank;
        }
      }
      i = j + 1;
    }
    long neg = n - clicks;
    double auc =
        clicks == 0 || neg == 0
            ? Double.NaN
            : (rankSumPos - clicks * (clicks + 1) / 2.0) / ((double) clicks * neg);
    double ece = 0;
    for (int b = 0; b < 10; b++) {
      int from = (int) ((long) n * b / 10);
      int to = (int) ((long) n * (b + 1) / 10);
      if (to <= from) {
        continue;
      }
      double sp = 0;
      double sy = 0;
      for (int k = from; k < to; k++) {
        sp += p[order[k]];
        sy += clicked[order[k]] ? 1 : 0;
      }
      ece += Math.abs(sp - sy) / n;
    }
    return new CtrMetrics(n, clicks, ll / n, auc, ece, mean / n);
  }
}
