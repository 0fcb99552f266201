package io.mercato.core.ads.decide;

/**
 * One slot of a campaign's KPI time series.
 *
 * @param startMillis the slot's start, epoch ms (minute- or hour-aligned)
 * @param totals      what happened in the slot
 */
public record SeriesPoint(long startMillis, WindowTotals totals) {}
