package io.mercato.core.experiment.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an analysis into advice, by these rules, in order:
 * <ol>
 *   <li>a sample-ratio mismatch → {@code KEEP_RUNNING}: the split is broken, no estimate can be
 *       trusted until the cause is found (the console shows it as a banner);
 *   <li>a treatment is <em>harmful</em> when it is significantly worse than the control on the primary
 *       metric or on any guardrail, <em>beneficial</em> when it is significantly better on the primary
 *       metric and harms no guardrail (significance: the anytime-valid interval excludes 0, so the
 *       advice may be read at any moment);
 *   <li>some treatment beneficial → {@code SHIP} the beneficial one most likely to beat the control
 *       (highest chance to beat, then largest improvement);
 *   <li>every treatment harmful → {@code ROLL_BACK} to the control;
 *   <li>else {@code KEEP_RUNNING}, naming the harmful arms (worth stopping on their own) and noting
 *       that the rest is not significant yet.
 * </ol>
 * The holdout comparison (control against holdout) measures personalisation as a whole and does not
 * enter the decision. Thread-safe (stateless).
 */
public final class DecisionHelper {
  private DecisionHelper() {}

  /**
   * @param treatments the arms other than the control
   * @param control    the control's name
   */
  public static Decision decide(
      List<String> treatments,
      String control,
      List<MetricReport> metrics,
      SampleRatioCheck.Result sampleRatio) {
    List<String> reasons = new ArrayList<>();
    if (sampleRatio != null && sampleRatio.mismatch()) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "sample ratio mismatch (chi-squared %.1f, p = %.2g < %s): "
                  + "users are missing from or added to some arm; find the cause before trusting any result",
              sampleRatio.chiSquared(),
              sampleRatio.pValue(),
              sampleRatio.threshold()));
      return new Decision(Decision.Action.KEEP_RUNNING, null, reasons);
    }
    MetricReport primary = metrics.stream().filter(MetricReport::primary).findFirst().orElseThrow();
    List<String> harmful = new ArrayList<>();
    List<Comparison> beneficial = new ArrayList<>();
    for (String arm : treatments) {
      List<String> harms = new ArrayList<>();
      for (MetricReport m : metrics) {
        find(m, arm, control)
            .filter(c -> c.effect() == Effect.WORSE)
            .ifPresent(c -> harms.add(m.metric().wireName()));
      }
      if (!harms.isEmpty()) {
        harmful.add(arm);
        reasons.add(
            "arm "
                + arm
                + " is significantly worse than "
                + control
                + " on "
                + String.join(", ", harms));
      } else {
        find(primary, arm, control)
            .filter(c -> c.effect() == Effect.BETTER)
            .ifPresent(beneficial::add);
      }
    }
    if (!beneficial.isEmpty()) {
      Comparison best =
          beneficial.stream()
              .max(
                  Comparator.comparingDouble(Comparison::chanceToBeat)
                      .thenComparingDouble(
                          c ->
                              primary.metric().higherIsBetter() ? c.difference() : -c.difference()))
              .orElseThrow();
      reasons.add(
          0,
          String.format(
              Locale.ROOT,
              "arm %s is significantly better than %s on %s "
                  + "(difference %.4g, anytime-valid interval [%.4g, %.4g]) and harms no guardrail",
              best.treatment(),
              control,
              primary.metric().wireName(),
              best.difference(),
              best.test().lower(),
              best.test().upper()));
      return new Decision(Decision.Action.SHIP, best.treatment(), reasons);
    }
    if (!treatments.isEmpty() && harmful.size() == treatments.size()) {
      reasons.add(
          0, "every treatment is significantly worse than " + control + "; keep " + control);
      return new Decision(Decision.Action.ROLL_BACK, control, reasons);
    }
    reasons.add(
        "no treatment is significantly better than "
            + control
            + " on "
            + primary.metric().wireName()
            + " yet; keep running (the intervals stay valid however often they are read)");
    return new Decision(Decision.Action.KEEP_RUNNING, null, reasons);
  }

  private static Optional<Comparison> find(MetricReport m, String treatment, String baseline) {
    return m.comparisons().stream()
        .filter(c -> c.treatment().equals(treatment) && c.baseline().equals(baseline))
        .findFirst();
  }
}
