package io.mercato.core.experiment.assign;

import io.mercato.core.event.Event;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentMode;
import io.mercato.core.experiment.ExperimentRules;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The exposure event, written once here for both runtimes: what a serving path records when it
 * actually serves an experiment's arm (not when it assigns), so that the analysis counts exposed users
 * only. It is an ordinary event of the custom type {@value #TYPE}:
 * <pre>{@code
 * {"event_id": "xp-reco-als-5f0c3a9d12e4b871", "type": "experiment_exposure", "user_id": "u-42",
 *  "timestamp": ..., "attributes": {"experiment": "reco-als", "version": 3, "arm": "als"}}
 * }</pre>
 * The event id is a function of (experiment, arm, user) ({@link StableHash}), so repeats of the same
 * exposure from any node are dropped by the ingestion's {@code event_id} de-duplication within its
 * horizon, on top of {@link ExposureLog}. {@code arm} is an arm's name, {@code holdout}, or
 * {@value #INTERLEAVED} for an interleaved answer. Thread-safe (stateless).
 */
public final class ExposureEvents {
  /** The event type of exposures. */
  public static final String TYPE = "experiment_exposure";

  /** The group recorded for an interleaved answer, which serves both arms. */
  public static final String INTERLEAVED = "interleaved";

  private ExposureEvents() {}

  /**
   * One exposure as read back from its event.
   *
   * @param experiment the experiment's key
   * @param version    the definition version served
   * @param group      the arm's name, {@code holdout} or {@value ExposureEvents#INTERLEAVED}
   * @param userId     the exposed user
   * @param timestampMillis when it was served, epoch ms
   */
  public record Exposure(
      String experiment, int version, String group, String userId, long timestampMillis) {}

  /**
   * The event recording that {@code userId} was served {@code assignment} of {@code d} at
   * {@code timestampMillis}.
   *
   * @throws IllegalArgumentException when the assignment is not an exposure (not running, not targeted)
   *                                  or names an arm the definition does not have
   */
  public static Event of(
      ExperimentDefinition d, Assignment assignment, String userId, long timestampMillis) {
    Objects.requireNonNull(d, "definition");
    Objects.requireNonNull(userId, "userId");
    String group =
        switch (assignment.status()) {
          case ARM -> assignment.arm();
          case HOLDOUT -> ExperimentRules.HOLDOUT_GROUP;
          case INTERLEAVED -> INTERLEAVED;
          default ->
              throw new IllegalArgumentException(
                  "a user " + assignment.status() + " is not exposed");
        };
    if (assignment.status() == Assignment.Status.ARM && d.armIndex(group) < 0) {
      throw new IllegalArgumentException("experiment " + d.key() + " has no arm \"" + group + "\"");
    }
    if (assignment.status() == Assignment.Status.INTERLEAVED
        && d.mode() != ExperimentMode.INTERLEAVING) {
      throw new IllegalArgumentException("experiment " + d.key() + " does not interleave");
    }
    String id =
        "xp-" + d.key() + "-" + String.format("%016x", StableHash.hash64(d.key(), group, userId));
    return new Event(
        id,
        false,
        TYPE,
        userId,
        null,
        null,
        null,
        null,
        null,
        timestampMillis,
        Map.of("experiment", d.key(), "version", (long) d.version(), "arm", group));
  }

  /** The exposure {@code e} records, or empty when it is not an exposure event (or is malformed). */
  public static Optional<Exposure> read(Event e) {
    if (!TYPE.equals(e.type())) {
      return Optional.empty();
    }
    Object experiment = e.attributes().get("experiment");
    Object version = e.attributes().get("version");
    Object arm = e.attributes().get("arm");
    if (!(experiment instanceof String x)
        || !(version instanceof Long v)
        || !(arm instanceof String a)
        || v < 1
        || v > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new Exposure(x, v.intValue(), a, e.userId(), e.timestampMillis()));
  }
}
