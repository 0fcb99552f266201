package io.mercato.core.ads.decide;

import java.math.BigDecimal;

/** Counts and money of a campaign over a span of time (money in the campaign's currency). */
public record WindowTotals(
    long impressions, long clicks, long conversions, BigDecimal revenue, BigDecimal spend) {
  static WindowTotals of(long[] v) {
    return new WindowTotals(
        v[KpiSeries.IMPRESSIONS],
        v[KpiSeries.CLICKS],
        v[KpiSeries.CONVERSIONS],
        Micros.toAmount(v[KpiSeries.REVENUE_MICROS]),
        Micros.toAmount(v[KpiSeries.SPEND_MICROS]));
  }
}
