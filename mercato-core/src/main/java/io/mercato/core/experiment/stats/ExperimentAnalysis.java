package io.mercato.core.experiment.stats;

import io.mercato.core.experiment.Arm;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentMode;
import io.mercato.core.experiment.ExperimentRules;
import io.mercato.core.experiment.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The live analysis of an A/B/n or bandit experiment from its exposed users ({@link ExperimentData}):
 * per-group metrics, the sample-ratio check, CUPED-adjusted differences with anytime-valid intervals,
 * the Bayesian chance to beat the control, and the decision helper's advice. See
 * {@code docs/experiments.md} for the statistics, their references and their assumptions.
 *
 * <ul>
 *   <li>Sample ratio ({@link SampleRatioCheck}): in {@code ab} mode, the exposed users of the arms (and
 *       of the holdout, when there is one) against the designed shares: holdout {@code H =}
 *       {@link io.mercato.core.experiment.Holdouts#combinedShare()}, arm {@code a}: {@code (1 − H) w_a /
 *       Σw}. Not applicable to a bandit, whose shares move by design.
 *   <li>Each metric: θ of CUPED pooled over every group ({@link Cuped}); each arm against the control,
 *       then the control against the holdout; difference of adjusted means, its variance
 *       {@code s²_T/n_T + s²_C/n_C}, the mixture sequential test at level {@code α / (arms − 1)}
 *       (Bonferroni over the treatments) ({@link MixtureSequentialTest}), and {@link ChanceToBeat}.
 *       Groups with fewer than {@code minUsers} users give no verdict yet.
 * </ul>
 * Cost: O(groups × metrics), independent of the number of users (folding users into the data is
 * O(users × metrics)); a million exposed users are analysed in milliseconds (BENCHMARKS.md).
 * Thread-safe (stateless beyond its settings).
 */
public final class ExperimentAnalysis {
  private final AnalysisSettings settings;
  private final MixtureSequentialTest sequential;
  private final ChanceToBeat chance;

  public ExperimentAnalysis(AnalysisSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sequential = new MixtureSequentialTest(settings.plannedUsers());
    this.chance = new ChanceToBeat(settings.draws(), settings.seed());
  }

  /**
   * The report of {@code d} over {@code data}.
   *
   * @param data the exposed users, {@link ExperimentData#of} the same definition (or one with the same
   *             arms and metrics)
   * @throws IllegalArgumentException for an interleaving experiment ({@code InterleavingAnalysis}), or
   *                                  data of other groups or metrics
   */
  public ExperimentReport analyse(ExperimentDefinition d, ExperimentData data) {
    Objects.requireNonNull(d, "definition");
    Objects.requireNonNull(data, "data");
    if (d.mode() == ExperimentMode.INTERLEAVING) {
      throw new IllegalArgumentException(
          "an interleaving experiment is analysed by InterleavingAnalysis");
    }
    ExperimentData expected = ExperimentData.of(d);
    if (!expected.groups().equals(data.groups()) || !expected.metrics().equals(data.metrics())) {
      throw new IllegalArgumentException(
          "data of groups "
              + data.groups()
              + " and metrics "
              + data.metrics()
              + " is not data of experiment "
              + d.key()
              + " ("
              + expected.groups()
              + ", "
              + expected.metrics()
              + ")");
    }
    int holdout = data.groupIndex(ExperimentRules.HOLDOUT_GROUP);
    Map<String, Long> users = new LinkedHashMap<>();
    for (int g = 0; g < data.groups().size(); g++) {
      users.put(data.groups().get(g), data.users(g));
    }
    SampleRatioCheck.Result srm =
        d.mode() == ExperimentMode.AB ? sampleRatio(d, data, holdout) : null;
    double alpha = settings.alpha() / Math.max(1, d.arms().size() - 1);
    List<MetricReport> metrics = new ArrayList<>();
    for (int m = 0; m < data.metrics().size(); m++) {
      metrics.add(metric(d, data, m, holdout, alpha));
    }
    List<String> treatments =
        d.arms().stream().map(Arm::name).filter(a -> !a.equals(d.control())).toList();
    Decision decision = DecisionHelper.decide(treatments, d.control(), metrics, srm);
    return new ExperimentReport(
        d.key(), d.version(), d.mode(), users, srm, metrics, decision, notes(d, data));
  }

  private SampleRatioCheck.Result sampleRatio(
      ExperimentDefinition d, ExperimentData data, int holdout) {
    boolean withHoldout = !d.holdouts().none();
    int groups = d.arms().size() + (withHoldout ? 1 : 0);
    long[] observed = new long[groups];
    double[] shares = new double[groups];
    double weightSum = d.arms().stream().mapToDouble(Arm::weight).sum();
    double h = d.holdouts().combinedShare();
    for (int a = 0; a < d.arms().size(); a++) {
      observed[a] = data.users(a);
      shares[a] = (withHoldout ? 1 - h : 1) * d.arms().get(a).weight() / weightSum;
    }
    if (withHoldout) {
      observed[groups - 1] = data.users(holdout);
      shares[groups - 1] = h;
    }
    return SampleRatioCheck.check(observed, shares, settings.srmThreshold());
  }

  private MetricReport metric(
      ExperimentDefinition d, ExperimentData data, int m, int holdout, double alpha) {
    Metric metric = data.metrics().get(m);
    List<MetricSums> all = new ArrayList<>();
    for (int g = 0; g < data.groups().size(); g++) {
      all.add(data.sums(g, m));
    }
    Cuped cuped = Cuped.estimate(all);
    List<GroupMetric> groups = new ArrayList<>();
    for (int g = 0; g < data.groups().size(); g++) {
      MetricSums s = data.sums(g, m);
      if (s.n() > 0) {
        groups.add(
            new GroupMetric(
                data.groups().get(g),
                s.n(),
                s.meanY(),
                Math.sqrt(s.varianceY()),
                cuped.adjustedMean(s)));
      }
    }
    int control = d.controlIndex();
    List<Comparison> comparisons = new ArrayList<>();
    for (int a = 0; a < d.arms().size(); a++) {
      if (a != control) {
        comparisons.add(compare(data, metric, cuped, m, a, control, alpha));
      }
    }
    if (!d.holdouts().none() && data.users(holdout) > 0) {
      comparisons.add(compare(data, metric, cuped, m, control, holdout, alpha));
    }
    return new MetricReport(
        metric, m == 0, cuped.theta(), cuped.varianceReduction(all), groups, comparisons);
  }

  private Comparison compare(
      ExperimentData data,
      Metric metric,
      Cuped cuped,
      int m,
      int treatment,
      int baseline,
      double alpha) {
    MetricSums t = data.sums(treatment, m);
    MetricSums b = data.sums(baseline, m);
    double difference = cuped.adjustedMean(t) - cuped.adjustedMean(b);
    double baselineMean = cuped.adjustedMean(b);
    double relative = baselineMean == 0 ? Double.NaN : difference / baselineMean;
    double variance =
        t.n() == 0 || b.n() == 0
            ? Double.NaN
            : cuped.adjustedVariance(t) / t.n() + cuped.adjustedVariance(b) / b.n();
    MixtureSequentialTest.Result test =
        t.n() < settings.minUsers() || b.n() < settings.minUsers()
            ? MixtureSequentialTest.Result.none(difference, alpha)
            : sequential.test(difference, variance, t.n() + b.n(), alpha);
    double beat =
        metric.binary()
            ? chance.binary(Math.round(b.sumY()), b.n(), Math.round(t.sumY()), t.n())
            : ChanceToBeat.normal(difference, variance, metric.higherIsBetter());
    Effect effect =
        !test.significant()
            ? Effect.INCONCLUSIVE
            : (difference > 0) == metric.higherIsBetter() ? Effect.BETTER : Effect.WORSE;
    return new Comparison(
        data.groups().get(treatment),
        data.groups().get(baseline),
        difference,
        relative,
        test,
        beat,
        effect);
  }

  private List<String> notes(ExperimentDefinition d, ExperimentData data) {
    List<String> notes = new ArrayList<>();
    if (d.mode() == ExperimentMode.BANDIT) {
      notes.add(
          "bandit mode: arms' shares followed their results, so per-arm estimates are biased (an arm that "
              + "started unlucky got fewer users and its estimate stays low) and the sample-ratio check does not apply; "
              + "use an A/B split to measure an effect");
    }
    for (int a = 0; a < d.arms().size(); a++) {
      if (data.users(a) < settings.minUsers()) {
        notes.add(
            "arm "
                + d.arms().get(a).name()
                + " has "
                + data.users(a)
                + " exposed users, fewer than the "
                + settings.minUsers()
                + " a verdict needs");
      }
    }
    return notes;
  }
}
