package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * Everything one campaign has served, spent and earned, as one aggregate: all-time totals, today's
 * spend (today in the campaign's zone, as an epoch day), the KPI time series, the participants
 * (HLL), and the impression and click counts of its ads, of its ads per category and of the whole
 * campaign (the statistics the {@link CtrModel} smooths). The embedded {@link AdLedger} keeps one per
 * campaign, and so does the cluster runtime's stream job, keyed by campaign id: both fold events in
 * with the same {@link #apply}, so both compute the same KPIs and ad statistics.
 *
 * <p><b>Why {@code apply} takes the campaign definitions.</b> Unlike the statistics aggregates, an
 * ad event's effect depends on definitions the event does not carry: what an impression or click
 * costs (the ad's bid), which day of the campaign's zone it falls on, how much budget is left to
 * charge (daily and total budgets), the ad's category, and, for an event naming only its ad, the
 * campaign ({@link #campaignOf}). Both runtimes pass their current {@link AdInventory}. A click on an
 * ad that is no longer defined counts but costs nothing.
 *
 * <p><b>Spend.</b> Events are charged at most what is left of today's daily budget and of the total
 * budget; the rest is over-delivery. Charges of events other than a decision's own impressions
 * (impressions with a {@code decision_id} attribute) are also kept apart as
 * {@linkplain #unreservedSpendMicros unreserved spend}: the cluster runtime charges a decision's
 * impression atomically in Redis when it serves it, and adds this part to it for budget checks.
 *
 * <p>{@link #merge} adds another partial aggregate of the same campaign (sums; for today's spend the
 * newer day wins; HLL union), so the result does not depend on how events were partitioned. Methods
 * are synchronized on the instance, so a budget check and its charge ({@link #tryServe}) are one
 * atomic step; single-threaded users pay an uncontended lock.
 *
 * <pre>v1: byte 1 | id | impressions, clicks, conversions (varlong) | revenue (long) | spend,
 *     over-delivery (varlong) | day (long) | day spend, unreserved spend, unreserved day spend
 *     (varlong) | campaign CTR counts | ad counts | category counts | KPI series | participants HLL</pre>
 */
public final class CampaignStats {
  private static final int VERSION = 1;

  /** The attribute decisions put on the impressions they serve. */
  public static final String DECISION_ATTRIBUTE = "decision_id";

  private final String id;
  private long impressions;
  private long clicks;
  private long conversions;
  private long revenueMicros;
  private long spendMicros;
  private long overdeliveryMicros;
  private long day = Long.MIN_VALUE;
  private long daySpendMicros;
  private long unreservedSpendMicros;
  private long unreservedDaySpendMicros;

  /** Impressions and clicks of ads of this campaign: all, per ad id, per ad category ("" for none). */
  private final long[] ctr = new long[2];

  private final Map<String, long[]> ads = new HashMap<>();
  private final Map<String, long[]> categories = new HashMap<>();
  private KpiSeries series = new KpiSeries();

  /** Distinct users with any event of the campaign over its run (HLL, lgK 12: about 1.6% error). */
  private HllSketch participants = new HllSketch(12);

  /** Empty statistics of the campaign {@code id}. */
  public CampaignStats(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  /** The campaign these statistics are of. */
  public String id() {
    return id;
  }

  /**
   * The campaign an event counts toward, or null when none: its {@code campaign_id}, or for an
   * impression or click that names only its ad, that ad's campaign in {@code inventory}.
   */
  public static String campaignOf(Event e, AdInventory inventory) {
    if (e.campaignId() != null) {
      return e.campaignId();
    }
    if (e.adId() == null || !isServing(e)) {
      return null;
    }
    Ad ad = inventory.ad(e.adId());
    return ad == null ? null : ad.campaignId();
  }

  /** Whether {@code e} is an impression or an ad click. */
  static boolean isServing(Event e) {
    return e.type().equals(EventTypes.IMPRESSION) || e.type().equals(EventTypes.AD_CLICK);
  }

  /**
   * Folds in an event that counts toward this campaign ({@link #campaignOf} is {@link #id()}):
   * any event naming the campaign adds its user to the participants; an impression or ad click is
   * counted and charged; a {@code conversion} or {@code purchase} naming the campaign adds a
   * conversion and its value as revenue.
   *
   * @param inventory the current definitions (bids, budgets, zone, ad categories)
   * @return true when the event was an impression or click of an ad (it counted for the ad's CTR)
   */
  public synchronized boolean apply(Event e, AdInventory inventory) {
    if (e.campaignId() != null) {
      participants.update(e.userId());
    }
    if (isServing(e)) {
      boolean impression = e.type().equals(EventTypes.IMPRESSION);
      Ad ad = e.adId() == null ? null : inventory.ad(e.adId());
      Campaign c = inventory.campaign(id);
      long t = e.timestampMillis();
      long cost =
          ad == null
              ? 0
              : Micros.of(impression ? ad.bid().costPerImpression() : ad.bid().costPerClick());
      long epochDay =
          c == null
              ? Math.floorDiv(t, 86_400_000L)
              : LocalDate.ofInstant(Instant.ofEpochMilli(t), c.timeZone()).toEpochDay();
      long daily = c == null ? Long.MAX_VALUE : Micros.of(c.dailyBudget());
      long total = c == null ? Long.MAX_VALUE : Micros.of(c.totalBudget());
      boolean reserved = impression && e.attributes().containsKey(DECISION_ATTRIBUTE);
      record(
          impression ? KpiSeries.IMPRESSIONS : KpiSeries.CLICKS,
          epochDay,
          t,
          cost,
          daily,
          total,
          reserved);
      if (e.adId() != null) {
        counted(
            e.adId(),
            ad == null ? e.category() : ad.category(),
            impression ? 1 : 0,
            impression ? 0 : 1);
        return true;
      }
    } else if ((e.type().equals(EventTypes.CONVERSION) || e.type().equals(EventTypes.PURCHASE))
        && e.campaignId() != null) {
      long revenue = e.value() == null ? 0 : Micros.ofValue(e.value());
      conversions++;
      revenueMicros = Micros.plus(revenueMicros, revenue);
      series.add(e.timestampMillis(), KpiSeries.CONVERSIONS, 1);
      series.add(e.timestampMillis(), KpiSeries.REVENUE_MICROS, revenue);
    }
    return false;
  }

  synchronized void participant(String userId) {
    participants.update(userId);
  }

  /** Distinct users with any event of the campaign, or served one of its ads, over its run (HLL). */
  public synchronized long participants() {
    return Math.round(participants.getEstimate());
  }

  /**
   * Charges {@code costMicros} if it fits both budgets (today's {@code allowanceMicros} and the
   * {@code totalBudgetMicros}) and counts the impression; returns false and changes nothing otherwise.
   */
  synchronized boolean tryServe(
      long epochDay, long tMillis, long costMicros, long allowanceMicros, long totalBudgetMicros) {
    rollDay(epochDay);
    if (Micros.plus(daySpendMicros, costMicros) > allowanceMicros
        || Micros.plus(spendMicros, costMicros) > totalBudgetMicros) {
      return false;
    }
    impressions++;
    spendMicros = Micros.plus(spendMicros, costMicros);
    daySpendMicros = Micros.plus(daySpendMicros, costMicros);
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
   * the total budget and of the full daily budget of the event's day, so spend never exceeds a
   * budget; the part not charged is counted as over-delivery (served for free). An event of a day
   * before the newest day seen (a late event) is charged to its own day, whose spend is no longer
   * kept, so it is capped by the total budget only and leaves today's spend alone: today's spend then
   * does not depend on the order events arrive in.
   */
  private void record(
      int metric,
      long epochDay,
      long tMillis,
      long costMicros,
      long dailyBudgetMicros,
      long totalBudgetMicros,
      boolean reserved) {
    rollDay(epochDay);
    boolean today = epochDay == day;
    long left = totalBudgetMicros - spendMicros;
    if (today) {
      left = Math.min(left, dailyBudgetMicros - daySpendMicros);
    }
    long charged = Math.max(0, Math.min(costMicros, left));
    overdeliveryMicros = Micros.plus(overdeliveryMicros, costMicros - charged);
    if (metric == KpiSeries.IMPRESSIONS) {
      impressions++;
    } else {
      clicks++;
    }
    spendMicros += charged;
    if (today) {
      daySpendMicros += charged;
    }
    if (!reserved) {
      unreservedSpendMicros += charged;
      if (today) {
        unreservedDaySpendMicros += charged;
      }
    }
    series.add(tMillis, metric, 1);
    series.add(tMillis, KpiSeries.SPEND_MICROS, charged);
  }

  /** Adds impressions and clicks (negative to undo) to the ad's, its category's and the campaign's counts. */
  synchronized void counted(String adId, String category, long impressionsDelta, long clicksDelta) {
    for (long[] c :
        new long[][] {
          ctr,
          ads.computeIfAbsent(adId, k -> new long[2]),
          categories.computeIfAbsent(category == null ? "" : category, k -> new long[2])
        }) {
      c[0] += impressionsDelta;
      c[1] += clicksDelta;
    }
  }

  private void rollDay(long epochDay) {
    if (epochDay > day) {
      day = epochDay;
      daySpendMicros = 0;
      unreservedDaySpendMicros = 0;
    }
  }

  /** Spend on {@code epochDay} in micros; 0 when nothing was spent that day (or a newer day began). */
  public synchronized long daySpend(long epochDay) {
    return day == epochDay ? daySpendMicros : 0;
  }

  /** Today's spend of the campaign at {@code now}, in its currency. */
  public BigDecimal spentToday(Campaign c, Instant now) {
    return Micros.toAmount(daySpend(c.dayOf(now).toEpochDay()));
  }

  /**
   * What events other than decisions' own impressions were charged: {@code [total, on epochDay]} in
   * micros (clicks, impressions that clients reported). See the class comment.
   */
  public synchronized long[] unreservedSpendMicros(long epochDay) {
    return new long[] {unreservedSpendMicros, day == epochDay ? unreservedDaySpendMicros : 0};
  }

  /** All-time totals, money in the campaign's currency. */
  public synchronized CampaignTotals totals() {
    return new CampaignTotals(
        impressions,
        clicks,
        conversions,
        Micros.toAmount(revenueMicros),
        Micros.toAmount(spendMicros),
        Micros.toAmount(overdeliveryMicros));
  }

  /** All-time spend in micros. */
  public synchronized long spendMicros() {
    return spendMicros;
  }

  /** Impressions and clicks of the campaign's ads: {@code [impressions, clicks]}. */
  public synchronized long[] adCounts() {
    return ctr.clone();
  }

  /** Impressions and clicks of one of its ads ({@code [0, 0]} when it has none). */
  public synchronized long[] adCounts(String adId) {
    long[] c = ads.get(adId);
    return c == null ? new long[2] : c.clone();
  }

  /** Impressions and clicks of its ads of one category (null for uncategorised ads). */
  public synchronized long[] categoryCounts(String category) {
    long[] c = categories.get(category == null ? "" : category);
    return c == null ? new long[2] : c.clone();
  }

  /** The ids of ads with counts, sorted. */
  public synchronized List<String> adIds() {
    return List.copyOf(new TreeMap<>(ads).keySet());
  }

  /**
   * Sums over the slots overlapping [fromMillis, toMillis]: per-minute resolution up to 24 hours,
   * hourly beyond.
   */
  public synchronized WindowTotals window(long fromMillis, long toMillis) {
    return WindowTotals.of(series.sum(fromMillis, toMillis));
  }

  /** One point per minute (or hour when {@code perMinute} is false) from {@code fromMillis} to {@code toMillis}. */
  public synchronized List<SeriesPoint> series(long fromMillis, long toMillis, boolean perMinute) {
    return series.points(fromMillis, toMillis, perMinute).stream()
        .map(
            p -> {
              long[] v = new long[KpiSeries.METRICS];
              System.arraycopy(p, 1, v, 0, v.length);
              return new SeriesPoint(p[0], WindowTotals.of(v));
            })
        .toList();
  }

  /**
   * Adds {@code other}, partial statistics of the same campaign (other events), into this one.
   *
   * @throws IllegalArgumentException when {@code other} is of another campaign
   */
  public void merge(CampaignStats other) {
    if (!other.id.equals(id)) {
      throw new IllegalArgumentException(
          "cannot merge statistics of campaign " + other.id + " into " + id);
    }
    CampaignStats o = other.copy();
    synchronized (this) {
      impressions += o.impressions;
      clicks += o.clicks;
      conversions += o.conversions;
      revenueMicros += o.revenueMicros;
      spendMicros += o.spendMicros;
      overdeliveryMicros += o.overdeliveryMicros;
      unreservedSpendMicros += o.unreservedSpendMicros;
      if (o.day > day) {
        day = o.day;
        daySpendMicros = o.daySpendMicros;
        unreservedDaySpendMicros = o.unreservedDaySpendMicros;
      } else if (o.day == day) {
        daySpendMicros += o.daySpendMicros;
        unreservedDaySpendMicros += o.unreservedDaySpendMicros;
      }
      add(ctr, o.ctr);
      o.ads.forEach((k, v) -> add(ads.computeIfAbsent(k, x -> new long[2]), v));
      o.categories.forEach((k, v) -> add(categories.computeIfAbsent(k, x -> new long[2]), v));
      series.merge(o.series);
      Union u = new Union(12);
      u.update(participants);
      u.update(o.participants);
      participants = u.getResult();
    }
  }

  private static void add(long[] into, long[] v) {
    into[0] += v[0];
    into[1] += v[1];
  }

  /** A deep copy. */
  public CampaignStats copy() {
    BinaryWriter out = new BinaryWriter();
    writeTo(out);
    return read(new BinaryReader(out.toByteArray()));
  }

  /** Appends the versioned binary form (counters in key order, so equal state gives equal bytes). */
  public synchronized void writeTo(BinaryWriter out) {
    out.writeByte(VERSION).writeString(id);
    out.writeVarLong(impressions)
        .writeVarLong(clicks)
        .writeVarLong(conversions)
        .writeLong(revenueMicros)
        .writeVarLong(spendMicros)
        .writeVarLong(overdeliveryMicros)
        .writeLong(day)
        .writeVarLong(daySpendMicros)
        .writeVarLong(unreservedSpendMicros)
        .writeVarLong(unreservedDaySpendMicros);
    out.writeLong(ctr[0]).writeLong(ctr[1]);
    for (Map<String, long[]> m : List.of(ads, categories)) {
      out.writeInt(m.size());
      new TreeMap<>(m).forEach((k, c) -> out.writeString(k).writeLong(c[0]).writeLong(c[1]));
    }
    series.writeTo(out);
    out.writeBlob(participants.toCompactByteArray());
  }

  /** The bytes of {@link #writeTo}. */
  public byte[] toByteArray() {
    BinaryWriter out = new BinaryWriter();
    writeTo(out);
    return out.toByteArray();
  }

  /** Reads what {@link #writeTo} wrote. */
  public static CampaignStats read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown campaign statistics version " + version);
    }
    CampaignStats s = new CampaignStats(in.readString());
    s.readTotals(in);
    s.unreservedSpendMicros = in.readVarLong();
    s.unreservedDaySpendMicros = in.readVarLong();
    s.ctr[0] = in.readLong();
    s.ctr[1] = in.readLong();
    for (Map<String, long[]> m : List.of(s.ads, s.categories)) {
      int n = in.readInt();
      if (n < 0 || n > in.remaining()) {
        throw new CorruptDataException(
            "campaign statistics: count " + n + " with " + in.remaining() + " bytes left");
      }
      for (int i = 0; i < n; i++) {
        String key = in.readString();
        long[] c = {in.readLong(), in.readLong()};
        long[] before = m.putIfAbsent(key, c);
        if (before != null) { // an old writer stored ids that differed by a surrogate as one "?" id
          if (key.indexOf('?') < 0) {
            throw new CorruptDataException("campaign statistics list \"" + key + "\" twice");
          }
          before[0] += c[0];
          before[1] += c[1];
        }
      }
    }
    s.series = KpiSeries.read(in);
    try {
      s.participants = HllSketch.heapify(in.readBlob());
    } catch (RuntimeException e) {
      throw new CorruptDataException(
          "campaign statistics: bad participants sketch: " + e.getMessage());
    }
    return s;
  }

  /** The totals both formats (v1 of the ad ledger, and this one) begin with, in the same order. */
  private void readTotals(BinaryReader in) {
    impressions = in.readVarLong();
    clicks = in.readVarLong();
    conversions = in.readVarLong();
    revenueMicros = in.readLong();
    spendMicros = in.readVarLong();
    overdeliveryMicros = in.readVarLong();
    day = in.readLong();
    daySpendMicros = in.readVarLong();
  }

  /** Reads the bytes of {@link #toByteArray}. */
  public static CampaignStats fromByteArray(byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    CampaignStats s = read(in);
    in.expectEnd();
    return s;
  }

  /**
   * Reads a campaign ledger of the ad ledger's format version 1 (before ad counts lived with their
   * campaign); the caller adds the counters it finds elsewhere in that format.
   */
  static CampaignStats readLegacy(String id, BinaryReader in) {
    CampaignStats s = new CampaignStats(id);
    s.readTotals(in);
    s.series = KpiSeries.read(in);
    try {
      s.participants = HllSketch.heapify(in.readBlob());
    } catch (RuntimeException e) {
      throw new CorruptDataException("campaign ledger: bad participants sketch: " + e.getMessage());
    }
    return s;
  }

  /** Sets the counts of the legacy format's "c:" and "k:" counters. */
  synchronized void setLegacyCounts(String category, long[] counts) {
    if (category == null) {
      ctr[0] = counts[0];
      ctr[1] = counts[1];
    } else {
      categories.put(category, counts.clone());
    }
  }

  /** Sets one ad's counts from the legacy format. */
  synchronized void setLegacyAdCounts(String adId, long[] counts) {
    ads.put(adId, counts.clone());
  }
}
