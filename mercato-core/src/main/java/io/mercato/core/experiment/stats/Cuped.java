package io.mercato.core.experiment.stats;

import java.util.List;

/**
 * CUPED variance reduction (Deng, Xu, Kohavi and Walker, "Improving the Sensitivity of Online
 * Controlled Experiments by Utilizing Pre-Experiment Data", WSDM 2013). Each user's metric {@code y}
 * is replaced by {@code y − θ (x − x̄)}, where {@code x} is the same user's value of the metric in a
 * pre-exposure period (0 for users without history) and {@code x̄} its mean over every group. The
 * covariate cannot depend on the arm (it was measured before exposure), so the adjusted group means
 * stay unbiased, and with {@code θ = Cov(x, y) / Var(x)} the variance of each mean shrinks by the
 * factor {@code 1 − ρ²}, ρ the correlation of {@code x} and {@code y}.
 *
 * <p>θ is estimated once, pooled across the groups from their within-group moments:
 * {@code θ = Σ_g C_xy,g / Σ_g M2_x,g}, so a difference between the arms' means does not leak into it,
 * and every arm is adjusted with the same θ (the difference of adjusted means is then
 * {@code Δȳ − θ Δx̄}). Without covariate variance (no pre-period data) θ is 0 and nothing changes.
 */
public final class Cuped {
  private final double theta;
  private final double pooledMeanX;

  private Cuped(double theta, double pooledMeanX) {
    this.theta = theta;
    this.pooledMeanX = pooledMeanX;
  }

  /** The adjustment estimated from {@code groups} (the groups that will be compared). */
  public static Cuped estimate(List<MetricSums> groups) {
    double cxy = 0;
    double m2x = 0;
    double sumX = 0;
    long n = 0;
    for (MetricSums g : groups) {
      cxy += g.cxy();
      m2x += g.m2x();
      sumX += g.meanX() * g.n();
      n += g.n();
    }
    double theta = m2x > 0 ? cxy / m2x : 0;
    return new Cuped(Double.isFinite(theta) ? theta : 0, n == 0 ? 0 : sumX / n);
  }

  /** θ, the regression coefficient of y on x. */
  public double theta() {
    return theta;
  }

  /** The group's adjusted mean {@code ȳ − θ (x̄_g − x̄)}. */
  public double adjustedMean(MetricSums g) {
    return g.meanY() - theta * (g.meanX() - pooledMeanX);
  }

  /**
   * The sample variance of the adjusted per-user values in the group:
   * {@code (M2_y − 2θ C_xy + θ² M2_x) / (n − 1)}; 0 with fewer than two users.
   */
  public double adjustedVariance(MetricSums g) {
    if (g.n() < 2) {
      return 0;
    }
    double m2 = g.m2y() - 2 * theta * g.cxy() + theta * theta * g.m2x();
    return Math.max(0, m2) / (g.n() - 1);
  }

  /**
   * The share of the metric's within-group variance removed, pooled over {@code groups}: 1 − Σ adjusted
   * M2 / Σ M2_y, in [0, 1] (≈ ρ²); 0 when the metric does not vary.
   */
  public double varianceReduction(List<MetricSums> groups) {
    double raw = 0;
    double adjusted = 0;
    for (MetricSums g : groups) {
      raw += g.m2y();
      adjusted += Math.max(0, g.m2y() - 2 * theta * g.cxy() + theta * theta * g.m2x());
    }
    return raw > 0 ? Math.max(0, Math.min(1, 1 - adjusted / raw)) : 0;
  }
}
