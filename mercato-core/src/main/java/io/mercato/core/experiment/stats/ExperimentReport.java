package io.mercato.core.experiment.stats;

import io.mercato.core.experiment.ExperimentMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole live analysis of an experiment, as the API and the console show it.
 *
 * @param key         the experiment
 * @param version     the definition version analysed
 * @param mode        its mode
 * @param users       exposed users per group (arms in definition order, then {@code holdout})
 * @param sampleRatio the sample-ratio check, or null where the split is not fixed (bandit mode)
 * @param metrics     the primary metric first, then the guardrails
 * @param decision    the decision helper's advice
 * @param notes       caveats the reader must see (bandit bias, groups still below the minimum)
 */
public record ExperimentReport(
    String key,
    int version,
    ExperimentMode mode,
    Map<String, Long> users,
    SampleRatioCheck.Result sampleRatio,
    List<MetricReport> metrics,
    Decision decision,
    List<String> notes) {
  public ExperimentReport {
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    metrics = List.copyOf(metrics);
    notes = List.copyOf(notes);
  }

  /** True when the sample-ratio check flags a mismatch: the console's banner. */
  public boolean sampleRatioMismatch() {
    return sampleRatio != null && sampleRatio.mismatch();
  }
}
