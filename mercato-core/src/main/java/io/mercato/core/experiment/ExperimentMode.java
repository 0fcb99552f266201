package io.mercato.core.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How an experiment splits its users. */
public enum ExperimentMode {
  /** A fixed split by the definition's weights (A/B/n). */
  AB("ab"),
  /**
   * Weights adapt to the primary metric on a fixed cadence (Thompson sampling), after a burn-in with
   * equal weights; every arm keeps a floor of traffic. Estimates are biased (see
   * {@code docs/experiments.md}).
   */
  BANDIT("bandit"),
  /** Two rankers; every answer interleaves both (team draft) and clicks are credited per ranker. */
  INTERLEAVING("interleaving");

  private final String wireName;

  ExperimentMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The mode called {@code name} (exact, lower case), or empty. */
  public static Optional<ExperimentMode> fromWire(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(ExperimentMode::wireName).toList();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
