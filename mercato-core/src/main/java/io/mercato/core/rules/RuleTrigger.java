package io.mercato.core.rules;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/** When a rule is checked. */
public sealed interface RuleTrigger {
  /** Shortest interval of {@link Every}. */
  Duration MIN_EVERY = Duration.ofMinutes(1);

  /** Shortest interval of {@link OnKpiChange}. */
  Duration MIN_KPI_INTERVAL = Duration.ofSeconds(1);

  /** Default interval of {@link OnKpiChange}. */
  Duration DEFAULT_KPI_INTERVAL = Duration.ofSeconds(5);

  /** The wire name of the kind ({@code every}, {@code cron}, {@code on_kpi_change}). */
  String kind();

  /** Every {@code interval} (at least a minute), counted from the rule's last check. */
  record Every(Duration interval) implements RuleTrigger {
    public Every {
      Objects.requireNonNull(interval, "interval");
    }

    @Override
    public String kind() {
      return "every";
    }
  }

  /**
   * At the times of a cron expression in a time zone: five fields (minute hour day-of-month month
   * day-of-week, Unix style, e.g. {@code 0 9 * * MON-FRI}). A time missed while no evaluator ran is
   * caught up once at the next cycle.
   */
  record Cron(String expression, ZoneId zone) implements RuleTrigger {
    public Cron {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(zone, "zone");
    }

    @Override
    public String kind() {
      return "cron";
    }
  }

  /**
   * When the campaign's KPIs of the rule's window changed since the rule last looked at them, at
   * most once per {@code minInterval} per campaign (at least a second).
   */
  record OnKpiChange(Duration minInterval) implements RuleTrigger {
    public OnKpiChange {
      Objects.requireNonNull(minInterval, "minInterval");
    }

    @Override
    public String kind() {
      return "on_kpi_change";
    }
  }
}
