package io.mercato.core.experiment.stats;

import io.mercato.core.experiment.Arm;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.Metric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The exposed users of one experiment, folded into {@link MetricSums} per group and metric: what
 * {@link ExperimentAnalysis} reads. Groups are the arms in definition order, then {@code holdout};
 * metrics are the primary metric, then the guardrails in definition order. Each user is added once,
 * in the group of their first exposure, with their value of every metric from that exposure on and,
 * for CUPED, the same metric over a pre-exposure period of equal length.
 *
 * <p>Memory and analysis cost do not grow with the users (six numbers per group and metric); adding a
 * user costs O(metrics). Mergeable, so partitions (shards, Flink subtasks) can fold their users apart.
 * Not thread-safe.
 */
public final class ExperimentData {
  private final List<String> groups;
  private final List<Metric> metrics;
  private final MetricSums[][] sums;

  private ExperimentData(List<String> groups, List<Metric> metrics) {
    this.groups = groups;
    this.metrics = metrics;
    this.sums = new MetricSums[groups.size()][metrics.size()];
    for (MetricSums[] row : sums) {
      for (int m = 0; m < row.length; m++) {
        row[m] = new MetricSums();
      }
    }
  }

  /** Empty data for {@code d}'s groups and metrics. */
  public static ExperimentData of(ExperimentDefinition d) {
    List<String> groups = new ArrayList<>(d.arms().stream().map(Arm::name).toList());
    groups.add(ExperimentRules.HOLDOUT_GROUP);
    List<Metric> metrics = new ArrayList<>();
    metrics.add(d.primaryMetric());
    metrics.addAll(d.guardrails());
    return new ExperimentData(
        Collections.unmodifiableList(groups), Collections.unmodifiableList(metrics));
  }

  /** Group names: the arms, then {@code holdout}. */
  public List<String> groups() {
    return groups;
  }

  /** Metrics: the primary, then the guardrails. */
  public List<Metric> metrics() {
    return metrics;
  }

  /** The index of group {@code name}, or -1. */
  public int groupIndex(String name) {
    return groups.indexOf(name);
  }

  /**
   * Adds one exposed user.
   *
   * @param group  an arm name or {@code holdout}
   * @param values the user's value of each metric, in {@link #metrics()} order: finite, 0 or 1 for
   *               binary metrics
   * @param pre    the user's pre-exposure value of each metric (same rules), or null for none (all 0)
   * @throws IllegalArgumentException naming the group or metric at fault; nothing is added then
   */
  public void add(String group, double[] values, double[] pre) {
    int g = groupIndex(Objects.requireNonNull(group, "group"));
    if (g < 0) {
      throw new IllegalArgumentException(
          "\"" + group + "\" is not a group of this experiment: " + groups);
    }
    add(g, values, pre);
  }

  /** {@link #add(String, double[], double[])} by group index. */
  public void add(int group, double[] values, double[] pre) {
    Objects.checkIndex(group, groups.size());
    check(values, "value");
    if (pre != null) {
      check(pre, "pre-exposure value");
    }
    MetricSums[] row = sums[group];
    for (int m = 0; m < row.length; m++) {
      row[m].add(values[m], pre == null ? 0 : pre[m]);
    }
  }

  private void check(double[] v, String what) {
    if (v.length != metrics.size()) {
      throw new IllegalArgumentException(
          "expected one " + what + " per metric " + metrics + " but got " + v.length);
    }
    for (int m = 0; m < v.length; m++) {
      if (!Double.isFinite(v[m])) {
        throw new IllegalArgumentException(
            what + " of " + metrics.get(m) + " must be finite but was " + v[m]);
      }
      if (metrics.get(m).binary() && v[m] != 0 && v[m] != 1) {
        throw new IllegalArgumentException(
            what + " of binary metric " + metrics.get(m) + " must be 0 or 1 but was " + v[m]);
      }
    }
  }

  /** Folds in every user of {@code other}, which must be data of the same groups and metrics. */
  public void merge(ExperimentData other) {
    if (!other.groups.equals(groups) || !other.metrics.equals(metrics)) {
      throw new IllegalArgumentException(
          "cannot merge data of groups "
              + other.groups
              + " and metrics "
              + other.metrics
              + " into groups "
              + groups
              + " and metrics "
              + metrics);
    }
    for (int g = 0; g < sums.length; g++) {
      for (int m = 0; m < sums[g].length; m++) {
        sums[g][m].merge(other.sums[g][m]);
      }
    }
  }

  /** The sums of metric {@code metric} (index) over group {@code group} (index); live, do not modify. */
  public MetricSums sums(int group, int metric) {
    return sums[group][metric];
  }

  /** Users added to group {@code group} (index). */
  public long users(int group) {
    return sums[group][0].n();
  }
}
