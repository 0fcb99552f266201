package io.mercato.core.ads.decide;

import io.mercato.core.ads.Campaign;
import java.time.Duration;
import java.time.Instant;

/**
 * Even pacing of a daily budget. At a moment {@code t} of the campaign's day the campaign may have
 * spent at most its <em>allowance</em>: {@code daily × min(1, elapsed(t) + ahead)}, where
 * {@code elapsed} is the share of the day gone and {@code ahead} a head start (default one hour of
 * budget) so a day does not open with nothing to spend. A campaign at its allowance is throttled
 * (not eligible) until time catches up; as it nears the allowance its ranking value is scaled down
 * linearly over the last 10% of the allowance, so competing campaigns take over smoothly instead of
 * the throttled one flapping on and off.
 *
 * <p>Bound: a CPM impression is charged atomically with its budget check, so CPM spend never
 * exceeds the allowance. CPC spend is charged when the click arrives, after the check; a click is
 * charged at most what is left of the daily and total budgets (the rest is counted as
 * over-delivery), so spend never exceeds a budget, and the clicks served free are bounded by the
 * impressions served while the budget had less than one click's price left.
 */
public final class Pacing {
  private static final double SLOWDOWN_SHARE = 0.10;
  private final double ahead;

  /** @param headStart the budget time a day may spend ahead of the clock; 0 to 24 hours */
  public Pacing(Duration headStart) {
    if (headStart.isNegative() || headStart.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "pacing head start must be between 0 and 24h but was " + headStart);
    }
    this.ahead = headStart.toMillis() / 86_400_000.0;
  }

  /** What the campaign may have spent today by {@code now}, in micros. */
  public long allowanceMicros(Campaign c, Instant now) {
    long daily = Micros.of(c.dailyBudget());
    return (long) Math.floor(daily * Math.min(1.0, c.dayElapsed(now) + ahead));
  }

  /** The ranking multiplier in [0, 1] for a campaign that spent {@code spent} of {@code allowance}. */
  public double multiplier(long spentMicros, long allowanceMicros) {
    if (allowanceMicros <= 0) {
      return 0;
    }
    double left = (double) (allowanceMicros - spentMicros) / allowanceMicros;
    return Math.max(0, Math.min(1, left / SLOWDOWN_SHARE));
  }
}
