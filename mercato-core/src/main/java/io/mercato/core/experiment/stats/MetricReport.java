package io.mercato.core.experiment.stats;

import io.mercato.core.experiment.Metric;
import java.util.List;

/**
 * Everything about one metric of an experiment.
 *
 * @param metric            which
 * @param primary           true for the primary metric, false for a guardrail
 * @param theta             CUPED's θ (0 without pre-period data)
 * @param varianceReduction the share of per-user variance CUPED removed, in [0, 1] (≈ ρ²)
 * @param groups            every group with users, arms in definition order then the holdout
 * @param comparisons       each other arm against the control, then the control against the holdout
 *                          when there is one
 */
public record MetricReport(
    Metric metric,
    boolean primary,
    double theta,
    double varianceReduction,
    List<GroupMetric> groups,
    List<Comparison> comparisons) {
  public MetricReport {
    groups = List.copyOf(groups);
    comparisons = List.copyOf(comparisons);
  }
}
