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
import io.mercato.core.io.LegacyIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
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
 * The per-campaign part (KPIs, spend, participants, the CTR counts of the campaign's ads) is one
 * {@link CampaignStats} per campaign, the aggregate the cluster runtime's stream job keeps too; this
 * ledger adds what is not per campaign: users' caps, the global CTR counts and pending reservations.
 *
 * <p>Thread-safe. Money is kept in micros of the campaign's currency.
 */
public final class AdLedger implements AdState {
  private static final int FORMAT_VERSION = 2;
  private static final int MAGIC = 0x4144_4C47; // "ADLG"

  private final Pacing pacing;
  private final Map<String, CampaignStats> campaigns = new ConcurrentHashMap<>();

  /** Impressions and clicks of every ad: the top of the CTR prior. */
  private final CtrCounter global = new CtrCounter();

  /** Ad counts read from a version 1 snapshot, which did not say whose campaign an ad was: read-only. */
  private final Map<String, long[]> legacyAds = new ConcurrentHashMap<>();

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
  @Override
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
      CampaignStats stats = campaign(c.id());
      if (!stats.tryServe(
          day, t, cost, pacing.allowanceMicros(c, now), Micros.of(c.totalBudget()))) {
        return CapCheck.BUDGET;
      }
      caps.add(ad.id(), c.id(), t);
      stats.participant(userId);
      counted(stats, ad.id(), ad.category(), 1, 0);
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
    CampaignStats stats = campaign(r.campaignId);
    stats.unserve(r.epochDay, r.tMillis, r.costMicros);
    counted(stats, r.adId, r.category, -1, 0);
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
  @Override
  public int[] capUse(String userId, String adId, String campaignId, Instant now) {
    UserCaps caps = users.get(userId);
    if (caps == null) {
      return new int[4];
    }
    long t = now.toEpochMilli();
    synchronized (caps) {
      caps.prune(t);
      return new int[] {
        caps.count(adId, null, t, UserCaps.HOUR),
        caps.count(adId, null, t, UserCaps.DAY),
        caps.count(null, campaignId, t, UserCaps.HOUR),
        caps.count(null, campaignId, t, UserCaps.DAY)
      };
    }
  }

  /** The campaign's {@link BudgetPosition} at {@code now}. */
  @Override
  public BudgetPosition budgetPosition(Campaign c, Instant now) {
    CampaignStats l = campaigns.get(c.id());
    long spentToday = l == null ? 0 : l.daySpend(c.dayOf(now).toEpochDay());
    long spent = l == null ? 0 : l.spendMicros();
    return BudgetPosition.of(
        pacing.allowanceMicros(c, now), spentToday, Micros.of(c.totalBudget()), spent, pacing);
  }

  @Override
  public Map<String, int[]> capCounts(String userId, Instant now) {
    UserCaps caps = users.get(userId);
    if (caps == null) {
      return Map.of();
    }
    long t = now.toEpochMilli();
    Map<String, int[]> out = new HashMap<>();
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

  /** The pacing multiplier of a campaign now (1 when well within its allowance). */
  public double pacingMultiplier(Campaign c, Instant now) {
    return budgetPosition(c, now).pacingMultiplier();
  }

  /** Today's spend of a campaign in its currency. */
  @Override
  public BigDecimal spentToday(Campaign c, Instant now) {
    CampaignStats l = campaigns.get(c.id());
    return l == null ? BigDecimal.ZERO : l.spentToday(c, now);
  }

  /**
   * Applies an accepted event. Impressions a decision reserved are recognised by event id and not
   * counted again. Events of unknown ads still count toward their campaign when they name one.
   */
  public void apply(Event e, AdInventory inventory) {
    String campaignId = CampaignStats.campaignOf(e, inventory);
    if (campaignId == null) {
      return;
    }
    if (e.type().equals(EventTypes.IMPRESSION) && pending.remove(e.eventId()) != null) {
      return;
    }
    if (campaign(campaignId).apply(e, inventory)) {
      boolean impression = e.type().equals(EventTypes.IMPRESSION);
      global.impressions.addAndGet(impression ? 1 : 0);
      global.clicks.addAndGet(impression ? 0 : 1);
      if (impression) {
        UserCaps caps = users.computeIfAbsent(e.userId(), u -> new UserCaps());
        synchronized (caps) {
          caps.add(e.adId(), campaignId, e.timestampMillis());
        }
      }
    }
  }

  private void counted(
      CampaignStats stats, String adId, String category, long impressions, long clicks) {
    stats.counted(adId, category, impressions, clicks);
    global.impressions.addAndGet(impressions);
    global.clicks.addAndGet(clicks);
  }

  @Override
  public long[] adCounts(String campaignId, String adId) {
    CampaignStats l = campaigns.get(campaignId);
    long[] c = l == null ? new long[2] : l.adCounts(adId);
    long[] legacy = legacyAds.get(adId);
    if (legacy != null) {
      c[0] += legacy[0];
      c[1] += legacy[1];
    }
    return c;
  }

  /** Impressions and clicks of an ad over every campaign (tests and tools; O(campaigns)). */
  public long[] adCounts(String adId) {
    long[] out = legacyAds.getOrDefault(adId, new long[2]).clone();
    for (CampaignStats l : campaigns.values()) {
      long[] c = l.adCounts(adId);
      out[0] += c[0];
      out[1] += c[1];
    }
    return out;
  }

  @Override
  public long[] campaignCategoryCounts(String campaignId, String category) {
    CampaignStats l = campaigns.get(campaignId);
    return l == null ? new long[2] : l.categoryCounts(category);
  }

  @Override
  public long[] campaignCounts(String campaignId) {
    CampaignStats l = campaigns.get(campaignId);
    return l == null ? new long[2] : l.adCounts();
  }

  @Override
  public long[] globalCounts() {
    return new long[] {global.impressions.get(), global.clicks.get()};
  }

  /** Distinct users with any event of the campaign, or served one of its ads, over its run (HLL estimate). */
  public long participants(String campaignId) {
    CampaignStats l = campaigns.get(campaignId);
    return l == null ? 0 : l.participants();
  }

  /** A campaign's all-time totals, money in its currency. */
  public CampaignTotals totals(String campaignId) {
    return stats(campaignId).totals();
  }

  /** Sums over [fromMillis, toMillis], see {@link CampaignStats#window}. */
  public WindowTotals window(String campaignId, long fromMillis, long toMillis) {
    return stats(campaignId).window(fromMillis, toMillis);
  }

  /** One point per minute (or hour when {@code perMinute} is false) from {@code fromMillis} to {@code toMillis}. */
  public List<SeriesPoint> series(
      String campaignId, long fromMillis, long toMillis, boolean perMinute) {
    return stats(campaignId).series(fromMillis, toMillis, perMinute);
  }

  /**
   * The live statistics of a campaign, or empty ones (not kept) when it has none yet. Callers only
   * read: every method of {@link CampaignStats} is synchronized, so reads are consistent per call.
   */
  public CampaignStats stats(String campaignId) {
    CampaignStats l = campaigns.get(campaignId);
    return l == null ? new CampaignStats(campaignId) : l;
  }

  /** Forgets users whose last impression is older than 24 hours before {@code nowMillis}. */
  public int sweepIdle(long nowMillis) {
    int[] removed = {0};
    users
        .entrySet()
        .removeIf(
            en -> {
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

  private CampaignStats campaign(String id) {
    return campaigns.computeIfAbsent(id, CampaignStats::new);
  }

  /**
   * The versioned binary form: magic, version 2, then the campaigns' {@link CampaignStats} in id
   * order, the global counts, legacy ad counts, and users' caps in key order. Pending reservations
   * are not written: their events are in the journal before any snapshot that covers them is taken,
   * and replay counts them. Version 1 (per-campaign ledgers and flat counter maps) is still read.
   */
  public void writeTo(BinaryWriter out) {
    out.writeInt(MAGIC).writeByte(FORMAT_VERSION);
    Map<String, CampaignStats> cs = new TreeMap<>(campaigns);
    out.writeInt(cs.size());
    cs.values().forEach(l -> l.writeTo(out));
    out.writeVarLong(global.impressions.get()).writeVarLong(global.clicks.get());
    Map<String, long[]> legacy = new TreeMap<>(legacyAds);
    out.writeInt(legacy.size());
    legacy.forEach((k, c) -> out.writeString(k).writeVarLong(c[0]).writeVarLong(c[1]));
    writeUsers(out);
  }

  private void writeUsers(BinaryWriter out) {
    Map<String, UserCaps> us = new TreeMap<>(users);
    out.writeInt(us.size());
    us.forEach(
        (id, caps) -> {
          synchronized (caps) {
            out.writeString(id).writeInt(caps.size());
            for (int i = 0; i < caps.size(); i++) {
              out.writeString(caps.adAt(i))
                  .writeString(caps.campaignAt(i))
                  .writeLong(caps.timeAt(i));
            }
          }
        });
  }

  /** Reads what {@link #writeTo} wrote (version 2, or version 1 of earlier releases). */
  public static AdLedger read(BinaryReader in, Pacing pacing) {
    if (in.readInt() != MAGIC) {
      throw new CorruptDataException("not an ad ledger (bad magic)");
    }
    int version = in.readByte();
    AdLedger l = new AdLedger(pacing);
    if (version == 1) {
      readVersion1(in, l);
    } else if (version == FORMAT_VERSION) {
      int n = readCount(in);
      for (int i = 0; i < n; i++) {
        CampaignStats s = CampaignStats.read(in);
        CampaignStats before = l.campaigns.putIfAbsent(s.id(), s);
        if (before != null) {
          twice(s.id(), "campaign");
          before.merge(s); // an old writer's "?" id: the campaigns' spend and counts add up
        }
      }
      l.global.impressions.set(in.readVarLong());
      l.global.clicks.set(in.readVarLong());
      int k = readCount(in);
      for (int i = 0; i < k; i++) {
        String ad = in.readString();
        long[] c = {in.readVarLong(), in.readVarLong()};
        long[] before = l.legacyAds.putIfAbsent(ad, c);
        if (before != null) {
          twice(ad, "ad");
          before[0] += c[0];
          before[1] += c[1];
        }
      }
    } else {
      throw new CorruptDataException("unknown ad ledger format version " + version);
    }
    int u = readCount(in);
    for (int i = 0; i < u; i++) {
      String id = in.readString();
      int size = readCount(in);
      UserCaps caps = l.users.get(id);
      if (caps != null) {
        twice(id, "user"); // an old writer's "?" id: the users' impressions are one user's now
      } else {
        caps = new UserCaps();
        l.users.put(id, caps);
      }
      for (int j = 0; j < size; j++) {
        caps.add(in.readString(), in.readString(), in.readLong());
      }
    }
    return l;
  }

  /**
   * Accepts a key read twice only where an old writer stored ids that differed by an unpaired
   * surrogate as one {@code ?} id ({@link LegacyIds}); the caller folds the two entries together.
   */
  private static void twice(String id, String what) {
    if (id.indexOf('?') < 0) {
      throw new CorruptDataException("ad ledger lists " + what + " \"" + id + "\" twice");
    }
  }

  /**
   * Version 1: campaign ledgers, then counters keyed {@code a:ad}, then {@code c:campaign},
   * {@code k:campaign\0category} and {@code g:}. Ad counters did not name their campaign: they are
   * kept as legacy counts, added to the ad's counts from then on.
   */
  private static void readVersion1(BinaryReader in, AdLedger l) {
    int n = readCount(in);
    for (int i = 0; i < n; i++) {
      String id = in.readString();
      l.campaigns.put(id, CampaignStats.readLegacy(id, in));
    }
    for (int m = 0; m < 2; m++) {
      int k = readCount(in);
      for (int i = 0; i < k; i++) {
        String key = in.readString();
        long[] c = {in.readVarLong(), in.readVarLong()};
        if (key.startsWith("a:")) {
          l.legacyAds.put(key.substring(2), c);
        } else if (key.startsWith("c:")) {
          l.campaign(key.substring(2)).setLegacyCounts(null, c);
        } else if (key.startsWith("k:")) {
          int zero = key.indexOf('\u0000');
          l.campaign(key.substring(2, zero)).setLegacyCounts(key.substring(zero + 1), c);
        } else if (key.equals("g:")) {
          l.global.impressions.set(c[0]);
          l.global.clicks.set(c[1]);
        }
      }
    }
  }

  private static int readCount(BinaryReader in) {
    int n = in.readInt();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptDataException(
          "ad ledger: count " + n + " with " + in.remaining() + " bytes left");
    }
    return n;
  }

  private record Reservation(
      String userId,
      String adId,
      String campaignId,
      String category,
      long epochDay,
      long tMillis,
      long costMicros) {}
}
