package io.mercato.core.experiment;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One version of an experiment: what it compares, on whom, how users are split and what decides it.
 * Field-level validation with messages for clients is {@link ExperimentRules}; the compact
 * constructor re-checks the structural rules so that no hand-built definition is inconsistent (it
 * throws {@link IllegalArgumentException} naming the rule).
 *
 * <p>Definitions are versioned like campaign rules: every change is stored as a new version with the
 * same key, and versions are never rewritten. Assignment depends only on the salt, the arms' names
 * and weights, the holdouts and the targeting, so a new version that keeps those keeps every user in
 * the arm they had.
 *
 * @param key           the experiment's key, {@link ExperimentRules#KEY}
 * @param version       1 for the first version, then +1 for each change
 * @param name          a display name; never blank
 * @param mode          how users are split
 * @param arms          2 to {@value ExperimentRules#MAX_ARMS} arms with distinct names, in definition
 *                      order; in {@link ExperimentMode#AB} their weights have a positive sum
 * @param control       the name of the arm every other arm is compared with; one of {@code arms}
 * @param targeting     a CEL condition over the user's live profile ({@code SegmentCompiler}), or
 *                      null for every user
 * @param salt          mixed into the assignment hash, {@link ExperimentRules#SALT}; a new salt
 *                      reshuffles every user
 * @param primaryMetric the metric the decision is taken on
 * @param guardrails    metrics that must not get worse; distinct, without the primary metric
 * @param start         first instant users are assigned (inclusive), or null while it is a draft
 * @param stop          instant assignment stops (exclusive), or null to run until stopped; after
 *                      {@code start}, and only with a start
 * @param holdouts      users kept out of every arm; never null ({@link Holdouts#NONE})
 * @param bandit        the bandit's settings in {@link ExperimentMode#BANDIT}, null otherwise
 * @param updatedMillis when this version was written, epoch ms
 */
public record ExperimentDefinition(
    String key,
    int version,
    String name,
    ExperimentMode mode,
    List<Arm> arms,
    String control,
    String targeting,
    String salt,
    Metric primaryMetric,
    List<Metric> guardrails,
    Instant start,
    Instant stop,
    Holdouts holdouts,
    BanditSettings bandit,
    long updatedMillis) {

  public ExperimentDefinition {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(primaryMetric, "primaryMetric");
    arms = List.copyOf(arms);
    guardrails = List.copyOf(guardrails);
    holdouts = holdouts == null ? Holdouts.NONE : holdouts;
    if (targeting != null && targeting.isBlank()) {
      targeting = null;
    }
    check(
        ExperimentRules.KEY.matcher(key).matches(),
        "key must match " + ExperimentRules.KEY.pattern());
    check(version >= 1, "version must be at least 1 but was " + version);
    check(!name.isBlank(), "name must not be blank");
    check(
        ExperimentRules.SALT.matcher(salt).matches(),
        "salt must match " + ExperimentRules.SALT.pattern());
    check(
        arms.size() >= 2 && arms.size() <= ExperimentRules.MAX_ARMS,
        "an experiment has 2 to " + ExperimentRules.MAX_ARMS + " arms but has " + arms.size());
    Set<String> names = new HashSet<>();
    double weights = 0;
    for (Arm a : arms) {
      check(names.add(a.name()), "arm \"" + a.name() + "\" appears more than once");
      check(
          !a.name().equals(ExperimentRules.HOLDOUT_GROUP),
          "\"" + ExperimentRules.HOLDOUT_GROUP + "\" is reserved");
      weights += a.weight();
    }
    check(names.contains(control), "control \"" + control + "\" is not an arm");
    check(weights > 0, "arm weights must have a positive sum");
    check(
        new HashSet<>(guardrails).size() == guardrails.size(),
        "guardrail metrics must be distinct");
    check(!guardrails.contains(primaryMetric), "the primary metric must not also be a guardrail");
    check(stop == null || start != null, "a stop needs a start");
    check(stop == null || stop.isAfter(start), "stop must be after start");
    check(
        (mode == ExperimentMode.BANDIT) == (bandit != null),
        "bandit settings are given exactly in bandit mode");
    if (mode == ExperimentMode.BANDIT) {
      check(
          arms.stream().map(Arm::kind).distinct().count() == 1,
          "a bandit's arms are all of one kind");
      check(primaryMetric.binary(), "a bandit needs a binary primary metric");
      // With a tolerance: a floor of exactly 1/arms multiplies back to 1 only up to rounding.
      check(
          bandit.floor() * arms.size() <= 1 + 1e-9,
          "the bandit floor times the arms must be at most 1");
    }
    if (mode == ExperimentMode.INTERLEAVING) {
      check(
          arms.size() == 2
              && arms.stream().allMatch(a -> a.kind() == ArmKind.RECOMMENDATION_STRATEGY),
          "interleaving compares exactly two recommendation strategies");
      check(primaryMetric == Metric.CTR, "interleaving credits clicks: its primary metric is ctr");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The index of arm {@code name} in {@link #arms()}, or -1. */
  public int armIndex(String armName) {
    for (int i = 0; i < arms.size(); i++) {
      if (arms.get(i).name().equals(armName)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the control arm. */
  public int controlIndex() {
    return armIndex(control);
  }

  /** True when users are assigned at {@code now}: started, not stopped. A draft never runs. */
  public boolean runningAt(Instant now) {
    return start != null && !now.isBefore(start) && (stop == null || now.isBefore(stop));
  }
}
