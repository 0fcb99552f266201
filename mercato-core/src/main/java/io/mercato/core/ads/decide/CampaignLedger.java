package io.mercato.core.ads.decide;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;

/**
 * What one campaign has served and spent: all-time totals, today's spend (today in the campaign's
 * zone, as an epoch day) and the KPI time series. Every method is synchronized on the ledger, so a
 * budget check and the charge that follows it are one atomic step.
 */
final class CampaignLedger {
  private long impressions;
  private long clicks;
  private long conversions;
  private long revenueMicros;
  private long spendMicros;
  private long overdeliveryMicros;
  private long day = Long.MIN_VALUE;
  private long daySpendMicros;
  private KpiSeries series = new KpiSeries();
  /** Distinct users with any event of the campaign over its run (HLL, lgK 12: about 1.6% error). */
  private HllSketch participants = new HllSketch(12);

  synchronized void participant(String userId) {
    participants.update(userId);
  }

  synchronized long participants() {
    return Math.round(participants.getEstimate());
  }

  /**
   * Charges {@code costMicros} if it fits both budgets (today's {@code allowanceMicros} and the
   * {@code totalBudgetMicros}) and counts the impression; returns false and changes nothing otherwise.
   */
  synchronized boolean tryServe(long epochDay, long tMillis, long costMicros, long allowanceMicros,
      long totalBudgetMicros) {
    rollDay(epochDay);
    if (daySpendMicros + costMicros > allowanceMicros || spendMicros + costMicros > totalBudgetMicros) {
      return false;
    }
    impressions++;
    spendMicros += costMicros;
    daySpendMicros += costMicros;
    series.add(tMillis, KpiSeries.IMPRESSIONS, 1);
    series.add(tMillis, KpiSeries.SPEND_MICROS, costMicros);
    return true;
  }

  /** Undoes a {@link #tryServe} whose impression was never recorded (the journal refused it). */
  synchronized void unserve(long epochDay, long tMillis, long costMicros) {
    impressions--;
    spendMicros -= costMicros;
    if (day == epochDay) {
      daySpendMicros -= costMicros;
    }
    series.add(tMillis, KpiSeries.IMPRESSIONS, -1);
    series.add(tMillis, KpiSeries.SPEND_MICROS, -costMicros);
  }

  /**
   * Records an impression or click reported by an event. The charge is capped at what is left of
   * the total budget and of today's full daily budget, so spend never exceeds a budget; the part not
   * charged is counted as over-delivery (served for free).
   */
  synchronized void record(int metric, long epochDay, long tMillis, long costMicros, long dailyBudgetMicros,
      long totalBudgetMicros) {
    rollDay(epochDay);
    long charged = Math.max(0, Math.min(costMicros,
        Math.min(dailyBudgetMicros - daySpendMicros, totalBudgetMicros - spendMicros)));
    overdeliveryMicros += costMicros - charged;
    if (metric == KpiSeries.IMPRESSIONS) {
      impressions++;
    } else {
      clicks++;
    }
    spendMicros += charged;
    daySpendMicros += charged;
    series.add(tMillis, metric, 1);
    series.add(tMillis, KpiSeries.SPEND_MICROS, charged);
  }

  synchronized void conversion(long tMillis, long revenue) {
    conversions++;
    revenueMicros += revenue;
    series.add(tMillis, KpiSeries.CONVERSIONS, 1);
    series.add(tMillis, KpiSeries.REVENUE_MICROS, revenue);
  }

  /** Today's spend in micros; 0 when nothing was spent on {@code epochDay}. */
  synchronized long daySpend(long epochDay) {
    return day == epochDay ? daySpendMicros : 0;
  }

  synchronized Totals totals() {
    return new Totals(impressions, clicks, conversions, revenueMicros, spendMicros, overdeliveryMicros);
  }

  synchronized long[] sum(long fromMillis, long toMillis) {
    return series.sum(fromMillis, toMillis);
  }

  synchronized List<long[]> points(long fromMillis, long toMillis, boolean perMinute) {
    return series.points(fromMillis, toMillis, perMinute);
  }

  private void rollDay(long epochDay) {
    if (epochDay > day) {
      day = epochDay;
      daySpendMicros = 0;
    }
  }

  synchronized void writeTo(BinaryWriter out) {
    out.writeVarLong(impressions).writeVarLong(clicks).writeVarLong(conversions).writeLong(revenueMicros)
        .writeVarLong(spendMicros).writeVarLong(overdeliveryMicros).writeLong(day).writeVarLong(daySpendMicros);
    series.writeTo(out);
    out.writeBlob(participants.toCompactByteArray());
  }

  static CampaignLedger read(BinaryReader in) {
    CampaignLedger l = new CampaignLedger();
    l.impressions = in.readVarLong();
    l.clicks = in.readVarLong();
    l.conversions = in.readVarLong();
    l.revenueMicros = in.readLong();
    l.spendMicros = in.readVarLong();
    l.overdeliveryMicros = in.readVarLong();
    l.day = in.readLong();
    l.daySpendMicros = in.readVarLong();
    l.series = KpiSeries.read(in);
    try {
      l.participants = HllSketch.heapify(in.readBlob());
    } catch (RuntimeException e) {
      throw new CorruptDataException("campaign ledger: bad participants sketch: " + e.getMessage());
    }
    return l;
  }

  /** All-time totals of a campaign; money in micros. */
  record Totals(long impressions, long clicks, long conversions, long revenueMicros, long spendMicros,
      long overdeliveryMicros) {}
}
