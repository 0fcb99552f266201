package io.mercato.core.experiment.stats;

/**
 * How experiments are analysed.
 *
 * @param alpha         the false-positive rate of each anytime-valid interval, before the
 *                      Bonferroni split over the arms compared with the control; in (0, 0.5]
 * @param plannedUsers  N*: users of a treatment and its control together at which the confidence
 *                      sequence is narrowest; positive
 * @param minUsers      users each group needs before its comparisons give a verdict; at least 2
 * @param srmThreshold  p-value below which the sample-ratio check flags a mismatch; in (0, 1)
 * @param draws         Monte Carlo draws of the Bayesian chance to beat control; at least 100
 * @param seed          seed of those draws
 */
public record AnalysisSettings(
    double alpha, double plannedUsers, int minUsers, double srmThreshold, int draws, long seed) {
  /** α 0.05, N* 20,000, 100 users per group, SRM at p < 0.001, 20,000 draws, seed 20. */
  public static final AnalysisSettings DEFAULTS =
      new AnalysisSettings(0.05, 20_000, 100, 0.001, 20_000, 20);

  public AnalysisSettings {
    if (!(alpha > 0 && alpha <= 0.5)) {
      throw new IllegalArgumentException("alpha must be in (0, 0.5] but was " + alpha);
    }
    if (!(plannedUsers > 0) || Double.isInfinite(plannedUsers)) {
      throw new IllegalArgumentException("planned users must be positive but was " + plannedUsers);
    }
    if (minUsers < 2) {
      throw new IllegalArgumentException("min users must be at least 2 but was " + minUsers);
    }
    if (!(srmThreshold > 0 && srmThreshold < 1)) {
      throw new IllegalArgumentException("SRM threshold must be in (0, 1) but was " + srmThreshold);
    }
    if (draws < 100) {
      throw new IllegalArgumentException("draws must be at least 100 but was " + draws);
    }
  }
}
