package io.mercato.core.rules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed five-field Unix cron expression in a time zone (cron-utils: its DST handling is tested
 * far beyond what a hand-written matcher would be). Immutable and thread-safe.
 */
final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime times;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime times, ZoneId zone) {
    this.times = times;
    this.zone = zone;
  }

  /**
   * Parses {@code expression}.
   *
   * @throws IllegalArgumentException with cron-utils' reason when it is not a valid expression
   */
  static CronSchedule parse(String expression, ZoneId zone) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(zone, "zone");
    return new CronSchedule(ExecutionTime.forCron(PARSER.parse(expression.trim())), zone);
  }

  /** The first time strictly after {@code t}, or empty when there is none. */
  Optional<Instant> nextAfter(Instant t) {
    return times.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant);
  }

  /** True when a time of the schedule falls in (from, to]. */
  boolean firesBetween(Instant from, Instant to) {
    return nextAfter(from).map(next -> !next.isAfter(to)).orElse(false);
  }
}
