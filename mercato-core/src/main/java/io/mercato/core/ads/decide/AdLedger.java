package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live serving state of ads: per-user impressions of the last 24 hours (frequency caps), per
 * campaign spend and KPIs, per ad impressions and clicks (CTR). Fed two ways:
 * <ul>
 *   <li>{@link #reserve} by a decision: checks the caps and the budget and records the impression in
 *       one atomic step per user (the user's cap list is the lock, then the campaign's ledger), under
 *       an event id the decision then writes to the journal. When that event comes back through
 *       {@link #apply} it is recognised and not counted twice; if the journal refuses it,
 *       {@link #cancel} undoes the reservation.
 *   <li>{@link #apply} for every accepted event in journal order: impressions clients report
 *       themselves, {@code ad_click} (CPC charge), {@code conversion} and {@code purchase} carrying a
 *       {@code campaign_id} (conversions and revenue). Replaying the journal after a restart rebuilds
 *       what the last snapshot did not hold, decisions' impressions included.
 * </ul>
 * Thread-safe. Money is kept in micros of the campaign's currency.
 */
public final class AdLedger {
  private static final int FORMAT_VERSION = 1;
  private static final int MAGIC = 0x4144_4C47; // "ADLG"

  private final Pacing pacing;
  private final Map<String, CampaignLedger> campaigns = new ConcurrentHashMap<>();
  private final Map<String, CtrCounter> ads = new ConcurrentHashMap<>();
  private final Map<String, CtrCounter> priors = new ConcurrentHashMap<>();
  private final Map<String, UserCaps> users = new ConcurrentHashMap<>();
  private final Map<String, Reservation> pending = new ConcurrentHashMap<>();

  public AdLedger(Pacing pacing) {
    this.pacing = pacing;
  }

  public Pacing pacing() {
    return pacing;
  }

  /**
   * Serves {@code ad} to {@code userId} at {@code now} if the campaign's caps and budget allow,
   * recording the impression under {@code eventId}. Atomic per user: concurrent reservations for one
   * user never exceed a cap. Returns {@link CapCheck#OK} when recorded, otherwise the first rule that
   * refused (and nothing changed).
   */
  public CapCheck reserve(String userId, Ad ad, Campaign c, Instant now, String eventId) {
    long t = now.toEpochMilli();
    UserCaps caps = users.computeIfAbsent(userId, u -> new UserCaps());
    synchronized (caps) {
      CapCheck check = checkCaps(caps, ad, c.caps(), t);
      if (check != CapCheck.OK) {
        return check;
      }
      long cost = Micros.of(ad.bid().costPerImpression());
      long day = c.dayOf(now).toEpochDay();
      CampaignLedger ledger = campaign(c.id());
      if (!ledger.tryServe(day, t, cost, pacing.allowanceMicros(c, now), Micros.of(c.totalBudget()))) {
        return CapCheck.BUDGET;
      }
      caps.add(ad.id(), c.id(), t);
      ledger.participant(userId);
      counted(ad.id(), c.id(), ad.category(), 1, 0);
      pending.put(eventId, new Reservation(userId, ad.id(), c.id(), ad.category(), day, t, cost));
      return CapCheck.OK;
    }
  }

  /** Undoes the reservation recorded under {@code eventId}; no-op when there is none. */
  public void cancel(String eventId) {
    Reservation r = pending.remove(eventId);
    if (r == null) {
      return;
    }
    UserCaps caps = users.get(r.userId);
    if (caps != null) {
      synchronized (caps) {
        caps.remove(r.adId, r.tMillis);
      }
    }
    campaign(r.campaignId).unserve(r.epochDay, r.tMillis, r.costMicros);
    counted(r.adId, r.campaignId, r.category, -1, 0);
  }

  /**
   * Forgets the reservation under {@code eventId} without undoing it: its event was not journaled
   * (e.g. sampled out) but the ad is shown, so it stays counted. No-op when the event was applied.
   */
  public void settle(String eventId) {
    pending.remove(eventId);
  }

  /** Whether the user may see {@code ad} of {@code c} now as far as caps go (read-only). */
  public CapCheck checkCaps(String userId, Ad ad, Campaign c, Instant now) {
    UserCaps caps = users.get(userId);
    if (caps == null) {
      return CapCheck.OK;
    }
    synchronized (caps) {
      return checkCaps(caps, ad, c.caps(), now.toEpochMilli());
    }
  }

  private static CapCheck checkCaps(UserCaps caps, Ad ad, FrequencyCaps limits, long t) {
    caps.prune(t);
    if (caps.count(ad.id(), null, t, UserCaps.HOUR) >= limits.adPerHour()) {
      return CapCheck.AD_PER_HOUR;
    }
    if (caps.count(ad.id(), null, t, UserCaps.DAY) >= limits.adPerDay()) {
      return CapCheck.AD_PER_DAY;
    }
    if (caps.count(null, ad.campaignId(), t, UserCaps.HOUR) >= limits.campaignPerHour()) {
      return CapCheck.CAMPAIGN_PER_HOUR;
    }
    if (caps.count(null, ad.campaignId(), t, UserCaps.DAY) >= limits.campaignPerDay()) {
      return CapCheck.CAMPAIGN_PER_DAY;
    }
    return CapCheck.OK;
  }

  /** Impressions of the user in the last hour and day, for the ad and for its campaign. */
  public int[] capUse(String userId, String adId, String campaignId, Instant now) {
    UserCaps caps = users.get(userId);
    if (caps == null) {
      return new int[4];
    }
    long t = now.toEpochMilli();
    synchronized (caps) {
      caps.prune(t);
      return new int[] {caps.count(adId, null, t, UserCaps.HOUR), caps.count(adId, null, t, UserCaps.DAY),
          caps.count(null, campaignId, t, UserCaps.HOUR), caps.count(null, campaignId, t, UserCaps.DAY)};
    }
  }

  /**
   * A campaign's budget position now, read once per decision: what it may still spend today under
   * pacing and in total, and its pacing multiplier.
   *
   * @param allowanceLeftMicros what today's pacing allowance still permits (may be negative)
   * @param totalLeftMicros     what the total budget still permits (may be negative)
   * @param pacingMultiplier    the ranking multiplier, see {@link Pacing#multiplier}
   */
  public record BudgetPosition(long allowanceLeftMicros, long totalLeftMicros, double pacingMultiplier) {
    /** Whether an ad of this bid fits: its CPM price or one click's price, whichever is larger. */
    public boolean fits(Ad ad) {
      long cost = Math.max(Micros.of(ad.bid().costPerImpression()), Micros.of(ad.bid().costPerClick()));
      return cost <= allowanceLeftMicros && cost <= totalLeftMicros;
    }
  }

  /** The campaign's {@link BudgetPosition} at {@code now}. */
  public BudgetPosition budgetPosition(Campaign c, Instant now) {
    CampaignLedger l = campaigns.get(c.id());
    long spentToday = l == null ? 0 : l.daySpend(c.dayOf(now).toEpochDay());
    long spent = l == null ? 0 : l.totals().spendMicros();
    long allowance = pacing.allowanceMicros(c, now);
    return new BudgetPosition(allowance - spentToday, Micros.of(c.totalBudget()) - spent,
        pacing.multiplier(spentToday, allowance));
  }

  /**
   * The user's impressions of the last hour and 24 hours, per ad and per campaign, read once per
   * decision: {@code key → [hour, day]} with keys {@code "a:" + adId} and {@code "c:" + campaignId}.
   * Empty when the user has none.
   */
  public Map<String, int[]> capCounts(String userId, Instant now) {
    UserCaps caps = users.get(userId);
    if (caps == null) {
      return Map.of();
    }
    long t = now.toEpochMilli();
    Map<String, int[]> out = new java.util.HashMap<>();
    synchronized (caps) {
      caps.prune(t);
      for (int i = 0; i < caps.size(); i++) {
        boolean lastHour = caps.timeAt(i) > t - UserCaps.HOUR;
        for (String key : new String[] {"a:" + caps.adAt(i), "c:" + caps.campaignAt(i)}) {
          int[] c = out.computeIfAbsent(key, k -> new int[2]);
          c[0] += lastHour ? 1 : 0;
          c[1]++;
        }
      }
    }
    return out;
  }

  /** Whether the campaign's budget and pacing let it serve an impression costing {@code ad}'s CPM now. */
  public boolean withinBudget(Ad ad, Campaign c, Instant now) {
    long cost = Math.max(Micros.of(ad.bid().costPerImpression()), Micros.of(ad.bid().costPerClick()));
    long day = c.dayOf(now).toEpochDay();
    CampaignLedger l = campaigns.get(c.id());
    long spentToday = l == null ? 0 : l.daySpend(day);
    long spent = l == null ? 0 : l.totals().spendMicros();
    return spentToday + cost <= pacing.allowanceMicros(c, now) && spent + cost <= Micros.of(c.totalBudget());
  }

  /** The pacing multiplier of a campaign now (1 when well within its allowance). */
  public double pacingMultiplier(Campaign c, Instant now) {
    CampaignLedger l = campaigns.get(c.id());
    long spentToday = l == null ? 0 : l.daySpend(c.dayOf(now).toEpochDay());
    return pacing.multiplier(spentToday, pacing.allowanceMicros(c, now));
  }

  /** Today's spend of a campaign in its currency. */
  public BigDecimal spentToday(Campaign c, Instant now) {
    CampaignLedger l = campaigns.get(c.id());
    return Micros.toAmount(l == null ? 0 : l.daySpend(c.dayOf(now).toEpochDay()));
  }

  /**
   * Applies an accepted event. Impressions a decision reserved are recognised by event id and not
   * counted again. Events of unknown ads still count toward their campaign when they name one.
   */
  public void apply(Event e, AdInventory inventory) {
    String type = e.type();
    if (e.campaignId() != null) {
      campaign(e.campaignId()).participant(e.userId());
    }
    if (type.equals(EventTypes.IMPRESSION)) {
      if (pending.remove(e.eventId()) != null) {
        return;
      }
      served(e, inventory, true);
    } else if (type.equals(EventTypes.AD_CLICK)) {
      served(e, inventory, false);
    } else if ((type.equals(EventTypes.CONVERSION) || type.equals(EventTypes.PURCHASE)) && e.campaignId() != null) {
      long revenue = e.value() == null ? 0 : Micros.of(BigDecimal.valueOf(e.value()));
      campaign(e.campaignId()).conversion(e.timestampMillis(), revenue);
    }
  }

  private void served(Event e, AdInventory inventory, boolean impression) {
    Ad ad = e.adId() == null ? null : inventory.ad(e.adId());
    String campaignId = e.campaignId() != null ? e.campaignId() : ad == null ? null : ad.campaignId();
    if (campaignId == null) {
      return;
    }
    Campaign c = inventory.campaign(campaignId);
    long t = e.timestampMillis();
    long cost = ad == null ? 0 : Micros.of(impression ? ad.bid().costPerImpression() : ad.bid().costPerClick());
    long day = c == null ? Math.floorDiv(t, 86_400_000L) : LocalDate.ofInstant(Instant.ofEpochMilli(t), c.timeZone())
        .toEpochDay();
    long daily = c == null ? Long.MAX_VALUE : Micros.of(c.dailyBudget());
    long total = c == null ? Long.MAX_VALUE : Micros.of(c.totalBudget());
    campaign(campaignId).record(impression ? KpiSeries.IMPRESSIONS : KpiSeries.CLICKS, day, t, cost, daily, total);
    if (e.adId() != null) {
      counted(e.adId(), campaignId, ad == null ? e.category() : ad.category(), impression ? 1 : 0, impression ? 0 : 1);
      if (impression) {
        UserCaps caps = users.computeIfAbsent(e.userId(), u -> new UserCaps());
        synchronized (caps) {
          caps.add(e.adId(), campaignId, t);
        }
      }
    }
  }

  private void counted(String adId, String campaignId, String category, long impressions, long clicks) {
    for (String key : new String[] {"a:" + adId, "c:" + campaignId, "k:" + campaignId + '\u0000'
        + (category == null ? "" : category), "g:"}) {
      Map<String, CtrCounter> m = key.startsWith("a:") ? ads : priors;
      CtrCounter counter = m.computeIfAbsent(key, k -> new CtrCounter());
      counter.impressions.addAndGet(impressions);
      counter.clicks.addAndGet(clicks);
    }
  }

  /** Impressions and clicks of an ad: {@code [impressions, clicks]}. */
  public long[] adCounts(String adId) {
    return counts(ads.get("a:" + adId));
  }

  /** Impressions and clicks of a campaign's ads of one category (null for none). */
  public long[] campaignCategoryCounts(String campaignId, String category) {
    return counts(priors.get("k:" + campaignId + '\u0000' + (category == null ? "" : category)));
  }

  /** Impressions and clicks of a campaign's ads. */
  public long[] campaignCounts(String campaignId) {
    return counts(priors.get("c:" + campaignId));
  }

  /** Impressions and clicks of every ad. */
  public long[] globalCounts() {
    return counts(priors.get("g:"));
  }

  private static long[] counts(CtrCounter c) {
    return c == null ? new long[2] : new long[] {c.impressions.get(), c.clicks.get()};
  }

  /** Distinct users with any event of the campaign, or served one of its ads, over its run (HLL estimate). */
  public long participants(String campaignId) {
    CampaignLedger l = campaigns.get(campaignId);
    return l == null ? 0 : l.participants();
  }

  /** A campaign's all-time totals, money in its currency. */
  public CampaignTotals totals(String campaignId) {
    CampaignLedger l = campaigns.get(campaignId);
    CampaignLedger.Totals t = l == null ? new CampaignLedger.Totals(0, 0, 0, 0, 0, 0) : l.totals();
    return new CampaignTotals(t.impressions(), t.clicks(), t.conversions(), Micros.toAmount(t.revenueMicros()),
        Micros.toAmount(t.spendMicros()), Micros.toAmount(t.overdeliveryMicros()));
  }

  /**
   * Sums over [fromMillis, toMillis]: impressions, clicks, conversions, revenue and spend; per-minute
   * resolution up to 24 hours, hourly beyond.
   */
  public WindowTotals window(String campaignId, long fromMillis, long toMillis) {
    CampaignLedger l = campaigns.get(campaignId);
    long[] s = l == null ? new long[KpiSeries.METRICS] : l.sum(fromMillis, toMillis);
    return WindowTotals.of(s);
  }

  /** One point per minute (or hour when {@code perMinute} is false) from {@code fromMillis} to {@code toMillis}. */
  public List<SeriesPoint> series(String campaignId, long fromMillis, long toMillis, boolean perMinute) {
    CampaignLedger l = campaigns.get(campaignId);
    List<SeriesPoint> out = new ArrayList<>();
    if (l == null) {
      long width = perMinute ? KpiSeries.MINUTE : KpiSeries.HOUR;
      for (long slot = Math.floorDiv(fromMillis, width); slot <= Math.floorDiv(toMillis, width); slot++) {
        out.add(new SeriesPoint(slot * width, WindowTotals.of(new long[KpiSeries.METRICS])));
      }
      return out;
    }
    for (long[] p : l.points(fromMillis, toMillis, perMinute)) {
      long[] v = new long[KpiSeries.METRICS];
      System.arraycopy(p, 1, v, 0, v.length);
      out.add(new SeriesPoint(p[0], WindowTotals.of(v)));
    }
    return out;
  }

  /** Forgets users whose last impression is older than 24 hours before {@code nowMillis}. */
  public int sweepIdle(long nowMillis) {
    int[] removed = {0};
    users.entrySet().removeIf(en -> {
      synchronized (en.getValue()) {
        en.getValue().prune(nowMillis);
        boolean idle = en.getValue().isEmpty();
        removed[0] += idle ? 1 : 0;
        return idle;
      }
    });
    return removed[0];
  }

  /** Users with impressions in the last 24 hours. */
  public int users() {
    return users.size();
  }

  private CampaignLedger campaign(String id) {
    return campaigns.computeIfAbsent(id, k -> new CampaignLedger());
  }

  /**
   * The versioned binary form (magic, version 1, then campaigns, counters and users in key order).
   * Pending reservations are not written: their events are in the journal before any snapshot that
   * covers them is taken, and replay counts them.
   */
  public void writeTo(BinaryWriter out) {
    out.writeInt(MAGIC).writeByte(FORMAT_VERSION);
    Map<String, CampaignLedger> cs = new TreeMap<>(campaigns);
    out.writeInt(cs.size());
    cs.forEach((id, l) -> {
      out.writeString(id);
      l.writeTo(out);
    });
    for (Map<String, CtrCounter> m : List.of(ads, priors)) {
      Map<String, CtrCounter> sorted = new TreeMap<>(m);
      out.writeInt(sorted.size());
      sorted.forEach((k, c) -> out.writeString(k).writeVarLong(c.impressions.get()).writeVarLong(c.clicks.get()));
    }
    Map<String, UserCaps> us = new TreeMap<>(users);
    out.writeInt(us.size());
    us.forEach((id, caps) -> {
      synchronized (caps) {
        out.writeString(id).writeInt(caps.size());
        for (int i = 0; i < caps.size(); i++) {
          out.writeString(caps.adAt(i)).writeString(caps.campaignAt(i)).writeLong(caps.timeAt(i));
        }
      }
    });
  }

  /** Reads what {@link #writeTo} wrote. */
  public static AdLedger read(BinaryReader in, Pacing pacing) {
    if (in.readInt() != MAGIC) {
      throw new CorruptDataException("not an ad ledger (bad magic)");
    }
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new CorruptDataException("unknown ad ledger format version " + version);
    }
    AdLedger l = new AdLedger(pacing);
    int n = readCount(in);
    for (int i = 0; i < n; i++) {
      String id = in.readString();
      l.campaigns.put(id, CampaignLedger.read(in));
    }
    for (Map<String, CtrCounter> m : List.of(l.ads, l.priors)) {
      int k = readCount(in);
      for (int i = 0; i < k; i++) {
        m.put(in.readString(), new CtrCounter(in.readVarLong(), in.readVarLong()));
      }
    }
    int u = readCount(in);
    for (int i = 0; i < u; i++) {
      String id = in.readString();
      int size = readCount(in);
      UserCaps caps = new UserCaps();
      for (int j = 0; j < size; j++) {
        caps.add(in.readString(), in.readString(), in.readLong());
      }
      l.users.put(id, caps);
    }
    return l;
  }

  private static int readCount(BinaryReader in) {
    int n = in.readInt();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptDataException("ad ledger: count " + n + " with " + in.remaining() + " bytes left");
    }
    return n;
  }

  private record Reservation(String userId, String adId, String campaignId, String category, long epochDay,
      long tMillis, long costMicros) {}
}
