package io.mercato.core.experiment;

import java.util.Objects;

/**
 * One arm of an experiment.
 *
 * @param name      a key-like name, unique within the experiment (see {@link ExperimentRules#NAME})
 * @param treatment what the arm serves
 * @param weight    its share of the split relative to the other arms' weights, finite and
 *                  {@code >= 0} (0 stops new assignments to it); in bandit and interleaving mode the
 *                  definition's weights are all 1 and the split is decided elsewhere
 */
public record Arm(String name, Treatment treatment, double weight) {
  public Arm {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(treatment, "treatment");
    if (!ExperimentRules.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "arm name must match " + ExperimentRules.NAME.pattern() + " but was \"" + name + "\"");
    }
    if (!(weight >= 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException("arm weight must be finite and >= 0 but was " + weight);
    }
  }

  /** The kind of its treatment. */
  public ArmKind kind() {
    return treatment.kind();
  }
}
