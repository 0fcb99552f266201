package io.mercato.core.experiment.stats;

import java.util.List;
import java.util.Objects;

/**
 * What the decision helper advises. Applying it (stopping the experiment, serving the winner) is an
 * audited action taken by a person or an automation rule, never by the analysis.
 *
 * @param action  the advice
 * @param arm     the arm to ship for {@link Action#SHIP}, the control for {@link Action#ROLL_BACK},
 *                null for {@link Action#KEEP_RUNNING}
 * @param reasons why, one sentence each, most important first
 */
public record Decision(Action action, String arm, List<String> reasons) {
  /** The three pieces of advice. */
  public enum Action {
    /** A treatment is significantly better on the primary metric and harms no guardrail. */
    SHIP,
    /** Not enough evidence either way, or the data cannot be trusted yet. */
    KEEP_RUNNING,
    /** Every treatment is significantly worse on the primary metric or harms a guardrail. */
    ROLL_BACK
  }

  public Decision {
    Objects.requireNonNull(action, "action");
    reasons = List.copyOf(reasons);
  }
}
