package io.mercato.core.experiment.assign;

import java.util.Objects;

/**
 * Where a user stands in an experiment at one moment.
 *
 * @param status  the outcome
 * @param arm     the arm's name when {@link Status#ARM}, else null
 * @param holdout which holdout when {@link Status#HOLDOUT}: {@code global} or {@code campaign:<id>};
 *                else null
 */
public record Assignment(Status status, String arm, String holdout) {
  /** The outcomes, in the order assignment checks them. */
  public enum Status {
    /** Not started, stopped or a draft: serve the default, record nothing. */
    NOT_RUNNING,
    /** The targeting condition does not hold for the user now: serve the default, record nothing. */
    NOT_TARGETED,
    /** Held out: serve the non-personalised experience and record an exposure of group "holdout". */
    HOLDOUT,
    /** In arm {@link #arm()}: serve it and record its exposure. */
    ARM,
    /** Interleaving: serve both arms interleaved (team draft) and record the exposure of both. */
    INTERLEAVED
  }

  public static final Assignment NOT_RUNNING = new Assignment(Status.NOT_RUNNING, null, null);
  public static final Assignment NOT_TARGETED = new Assignment(Status.NOT_TARGETED, null, null);
  public static final Assignment INTERLEAVED = new Assignment(Status.INTERLEAVED, null, null);

  public Assignment {
    Objects.requireNonNull(status, "status");
    if ((status == Status.ARM) != (arm != null)
        || (status == Status.HOLDOUT) != (holdout != null)) {
      throw new IllegalArgumentException("an arm goes with ARM and a holdout with HOLDOUT only");
    }
  }

  public static Assignment arm(String arm) {
    return new Assignment(Status.ARM, arm, null);
  }

  public static Assignment holdout(String which) {
    return new Assignment(Status.HOLDOUT, null, which);
  }

  /** True when the user takes part (an arm, the holdout, or interleaving): serving records an exposure. */
  public boolean exposed() {
    return status == Status.ARM || status == Status.HOLDOUT || status == Status.INTERLEAVED;
  }
}
