package io.mercato.core.experiment.stats;

/**
 * Sufficient statistics of one metric over one group of users: the count, the means of the metric
 * {@code y} and of its pre-exposure covariate {@code x}, and their centred second moments, updated
 * with Welford's method and merged with Chan et al.'s pairwise formulas (numerically stable, unlike
 * raw sums of squares, for metrics with a large mean such as latency in milliseconds). Everything an
 * analysis needs is a function of these six numbers, so an analysis costs O(groups × metrics) however
 * many users were folded in.
 *
 * <p>Not thread-safe; merge per-thread or per-partition instances instead. Merging is associative and
 * commutative up to floating-point rounding.
 */
public final class MetricSums {
  private long n;
  private double meanY;
  private double meanX;
  private double m2y;
  private double m2x;
  private double cxy;

  /** Folds in one user's metric value {@code y} and pre-exposure value {@code x}; both finite. */
  public void add(double y, double x) {
    n++;
    double dx = x - meanX;
    meanX += dx / n;
    double dy = y - meanY;
    meanY += dy / n;
    m2x += dx * (x - meanX);
    m2y += dy * (y - meanY);
    cxy += dx * (y - meanY);
  }

  /** Folds in every user of {@code o}. */
  public void merge(MetricSums o) {
    if (o.n == 0) {
      return;
    }
    if (n == 0) {
      n = o.n;
      meanY = o.meanY;
      meanX = o.meanX;
      m2y = o.m2y;
      m2x = o.m2x;
      cxy = o.cxy;
      return;
    }
    long total = n + o.n;
    double dy = o.meanY - meanY;
    double dx = o.meanX - meanX;
    double f = (double) n * o.n / total;
    m2y += o.m2y + dy * dy * f;
    m2x += o.m2x + dx * dx * f;
    cxy += o.cxy + dx * dy * f;
    meanY += dy * o.n / total;
    meanX += dx * o.n / total;
    n = total;
  }

  /** Users folded in. */
  public long n() {
    return n;
  }

  /** Mean of the metric; 0 without users. */
  public double meanY() {
    return meanY;
  }

  /** Mean of the covariate; 0 without users. */
  public double meanX() {
    return meanX;
  }

  /** Σ(y − ȳ)². */
  public double m2y() {
    return m2y;
  }

  /** Σ(x − x̄)². */
  public double m2x() {
    return m2x;
  }

  /** Σ(x − x̄)(y − ȳ). */
  public double cxy() {
    return cxy;
  }

  /** Sample variance of the metric (n − 1 in the denominator); 0 with fewer than two users. */
  public double varianceY() {
    return n < 2 ? 0 : m2y / (n - 1);
  }

  /** Σy: for a binary metric, the users with a 1. Rounded for binary metrics by the caller. */
  public double sumY() {
    return meanY * n;
  }
}
