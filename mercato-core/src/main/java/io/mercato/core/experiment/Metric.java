package io.mercato.core.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an experiment measures, per exposed user, from the user's first exposure on. Binary metrics
 * are 0 or 1 per user (analysed as proportions, with a Beta-Binomial posterior); continuous metrics
 * are any finite number per user (analysed as means, with a normal approximation).
 */
public enum Metric {
  /** 1 when the user clicked at least once after exposure (user-level click-through), else 0. */
  CTR("ctr", true, true),
  /** 1 when the user converted (purchase or conversion event) after exposure, else 0. */
  CONVERSION("conversion", true, true),
  /** Revenue of the user after exposure, in the shop's currency; 0 for users who bought nothing. */
  REVENUE_PER_USER("revenue_per_user", false, true),
  /** Mean serving latency of the user's answers, in milliseconds; lower is better. */
  LATENCY("latency", false, false);

  private final String wireName;
  private final boolean binary;
  private final boolean higherIsBetter;

  Metric(String wireName, boolean binary, boolean higherIsBetter) {
    this.wireName = wireName;
    this.binary = binary;
    this.higherIsBetter = higherIsBetter;
  }

  /** The name in definitions and answers, e.g. {@code revenue_per_user}. */
  public String wireName() {
    return wireName;
  }

  /** True for 0/1 metrics (proportions). */
  public boolean binary() {
    return binary;
  }

  /** True when an increase is an improvement (false for latency). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The metric called {@code name} (exact, lower case), or empty. */
  public static Optional<Metric> fromWire(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }

  /** Every wire name, in declaration order (for error messages). */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Metric::wireName).toList();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
