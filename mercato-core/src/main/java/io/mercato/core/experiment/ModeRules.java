package io.mercato.core.experiment;

import io.mercato.core.ads.DefinitionFields;
import java.util.List;

/** The rules that depend on the mode: what a bandit and an interleaving experiment need. */
final class ModeRules {
  private ModeRules() {}

  static void check(
      DefinitionFields r, ExperimentMode mode, List<ArmReader.Parsed> arms, Metric primary) {
    if (mode == ExperimentMode.BANDIT) {
      ArmKind first =
          arms.isEmpty() || arms.get(0).treatment() == null ? null : arms.get(0).treatment().kind();
      for (int i = 1; i < arms.size() && first != null; i++) {
        Treatment t = arms.get(i).treatment();
        if (t != null && t.kind() != first) {
          r.error(
              "arms[" + i + "].kind",
              "must be " + first + " like arms[0]: a bandit's arms are all of one kind");
        }
      }
      if (primary != null && !primary.binary()) {
        r.error(
            "primary_metric",
            "must be binary (ctr or conversion) in bandit mode, whose Thompson sampling "
                + "learns proportions, but was "
                + primary);
      }
    } else if (mode == ExperimentMode.INTERLEAVING) {
      if (arms.size() != 2 && !r.reported("arms")) {
        r.error("arms", "must have exactly 2 arms in interleaving mode but has " + arms.size());
      }
      for (int i = 0; i < arms.size(); i++) {
        Treatment t = arms.get(i).treatment();
        if (t != null && t.kind() != ArmKind.RECOMMENDATION_STRATEGY) {
          r.error(
              "arms[" + i + "].kind",
              "must be recommendation_strategy in interleaving mode, which interleaves "
                  + "two rankings, but was "
                  + t.kind());
        }
      }
      if (primary != null && primary != Metric.CTR) {
        r.error(
            "primary_metric",
            "must be ctr in interleaving mode, which credits clicks, but was " + primary);
      }
    }
  }
}
