package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;

/**
 * A campaign's budget position now, read once per decision: what it may still spend today under
 * pacing and in total, and its pacing multiplier.
 *
 * @param allowanceLeftMicros what today's pacing allowance still permits (may be negative)
 * @param totalLeftMicros     what the total budget still permits (may be negative)
 * @param pacingMultiplier    the ranking multiplier, see {@link Pacing#multiplier}
 */
public record BudgetPosition(
    long allowanceLeftMicros, long totalLeftMicros, double pacingMultiplier) {
  /** Whether an ad of this bid fits: its CPM price or one click's price, whichever is larger. */
  public boolean fits(Ad ad) {
    long cost =
        Math.max(Micros.of(ad.bid().costPerImpression()), Micros.of(ad.bid().costPerClick()));
    return cost <= allowanceLeftMicros && cost <= totalLeftMicros;
  }

  /** The position of a campaign that spent {@code spentTodayMicros} today and {@code spentMicros} in all. */
  public static BudgetPosition of(
      long allowanceMicros,
      long spentTodayMicros,
      long totalBudgetMicros,
      long spentMicros,
      Pacing pacing) {
    return new BudgetPosition(
        allowanceMicros - spentTodayMicros,
        totalBudgetMicros - spentMicros,
        pacing.multiplier(spentTodayMicros, allowanceMicros));
  }
}
