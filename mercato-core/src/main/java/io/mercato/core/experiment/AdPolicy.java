package io.mercato.core.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How ad decisions rank eligible ads, as an experiment arm may set it. The runtimes map each to
 * their decision path when experiments are wired in.
 */
public enum AdPolicy {
  /** Bayesian pCTR with Thompson-sampling exploration (today's default, {@code CtrModel}). */
  BAYESIAN_THOMPSON("bayesian_thompson"),
  /** Bayesian pCTR ranked by its posterior mean, without exploration. */
  BAYESIAN_MEAN("bayesian_mean"),
  /** A learned pCTR model over real-time features (the models issue). */
  LEARNED("learned");

  private final String wireName;

  AdPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<AdPolicy> fromWire(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(AdPolicy::wireName).toList();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
