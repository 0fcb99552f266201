package io.mercato.core.rules;

import java.util.Locale;

/** What one run of a rule on one campaign came to. Only runs whose condition held are recorded. */
public enum RunOutcome {
  /** Mode auto: the changes were applied. */
  APPLIED(true),
  /** Mode dry_run: the changes were computed and audited, nothing changed. */
  DRY_RUN(true),
  /** Mode notify_only: the changes were proposed (audited, notified), nothing changed. */
  PROPOSED(true),
  /** Mode require_approval: the changes wait for a decision. */
  APPROVAL_REQUESTED(true),
  /** The condition held but nothing needed to change (already at a limit, already paused). */
  NOTHING_TO_CHANGE(false),
  /** The condition could not be evaluated, or the commit found a value changed meanwhile. */
  FAILED(false);

  private final boolean action;

  RunOutcome(boolean action) {
    this.action = action;
  }

  /** True when the run counts as an action toward the rule's maximum per day. */
  public boolean isAction() {
    return action;
  }

  /** True when the run starts the rule's cooldown on the campaign (every run whose condition held). */
  public boolean startsCooldown() {
    return this != FAILED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome named {@code s} (case-insensitive), or null. */
  public static RunOutcome fromWire(String s) {
    for (RunOutcome o : values()) {
      if (o.name().equalsIgnoreCase(s)) {
        return o;
      }
    }
    return null;
  }
}
