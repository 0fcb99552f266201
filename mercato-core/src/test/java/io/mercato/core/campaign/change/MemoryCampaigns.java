package io.mercato.core.campaign.change;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.Segment;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The change log port over in-memory campaigns and ads, for unit tests of the change path and the
 * evaluator: it honours the port's contract (atomic commit checked against before values, append-only
 * entries, batches, newest-first paging) that the relational implementation is tested against in
 * mercato-store. It is also the inventory the evaluator reads.
 */
public final class MemoryCampaigns implements ChangeLog, AdInventory {
  public static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  private final Map<String, Campaign> campaigns = new TreeMap<>();
  private final Map<String, Ad> ads = new TreeMap<>();
  private final List<AuditEntry> entries = new ArrayList<>();

  public static Campaign newCampaign(String id) {
    return new Campaign(
        id,
        "Campaign " + id,
        T0.minus(Duration.ofDays(10)),
        T0.plus(Duration.ofDays(20)),
        ZoneOffset.UTC,
        CampaignStatus.ACTIVE,
        "EUR",
        new BigDecimal("10000"),
        new BigDecimal("500"),
        new Discount(Discount.Kind.PERCENT, new BigDecimal("10")),
        null,
        CampaignGoals.NONE,
        FrequencyCaps.DEFAULTS,
        0,
        Set.of("sale"));
  }

  public static Ad newAd(String id, String campaignId, String bid) {
    return new Ad(
        id,
        campaignId,
        new Creative("Ad " + id, null, "https://shop.example/" + id),
        "sports",
        Set.of("home"),
        new Bid(BidType.CPC, new BigDecimal(bid)),
        AdStatus.ACTIVE,
        0);
  }

  public synchronized MemoryCampaigns put(Campaign c) {
    campaigns.put(c.id(), c);
    return this;
  }

  public synchronized MemoryCampaigns put(Ad a) {
    ads.put(a.id(), a);
    return this;
  }

  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  public ChangeContext context(Instant now) {
    return ChangeContext.of(this, id -> BigDecimal.ZERO, now);
  }

  public ChangeContext context(Instant now, Map<String, BigDecimal> spent) {
    return ChangeContext.of(this, id -> spent.getOrDefault(id, BigDecimal.ZERO), now);
  }

  @Override
  public synchronized Committed commit(List<CampaignChange> changes, Instant at) {
    Map<String, Campaign> cs = new TreeMap<>(campaigns);
    Map<String, Ad> as = new TreeMap<>(ads);
    for (CampaignChange c : changes) {
      String id = c.entity().id();
      if (c.entity().kind() == EntityKind.AD) {
        Ad a = as.get(id);
        if (a == null) {
          throw new UnknownEntityException("ad \"" + id + "\"");
        }
        String now = FieldValues.read(a, c.field());
        if (!now.equals(c.before())) {
          throw new StaleChangeException(c.entity(), c.field(), c.before(), now);
        }
        as.put(id, FieldValues.with(a, c.field(), c.after(), at.toEpochMilli()));
      } else {
        Campaign k = cs.get(id);
        if (k == null) {
          throw new UnknownEntityException("campaign \"" + id + "\"");
        }
        String now = FieldValues.read(k, c.field());
        if (!now.equals(c.before())) {
          throw new StaleChangeException(c.entity(), c.field(), c.before(), now);
        }
        cs.put(id, FieldValues.with(k, c.field(), c.after(), at.toEpochMilli()));
      }
    }
    List<AuditEntry> written = append(changes, AuditOutcome.APPLIED, at);
    List<Campaign> changedCampaigns = new ArrayList<>();
    List<Ad> changedAds = new ArrayList<>();
    for (CampaignChange c : changes) {
      if (c.entity().kind() == EntityKind.AD) {
        changedAds.add(as.get(c.entity().id()));
      } else {
        changedCampaigns.add(cs.get(c.entity().id()));
      }
    }
    campaigns.clear();
    campaigns.putAll(cs);
    ads.clear();
    ads.putAll(as);
    return new Committed(written, changedCampaigns, changedAds);
  }

  @Override
  public synchronized List<AuditEntry> record(
      List<CampaignChange> changes, AuditOutcome outcome, Instant at) {
    return append(changes, outcome, at);
  }

  private List<AuditEntry> append(List<CampaignChange> changes, AuditOutcome outcome, Instant at) {
    List<AuditEntry> out = new ArrayList<>();
    long batch = entries.size() + 1;
    for (CampaignChange c : changes) {
      AuditEntry e = new AuditEntry(entries.size() + 1, batch, at, c, outcome);
      entries.add(e);
      out.add(e);
    }
    return out;
  }

  @Override
  public synchronized Optional<AuditEntry> entry(long id) {
    return id < 1 || id > entries.size()
        ? Optional.empty()
        : Optional.of(entries.get((int) id - 1));
  }

  @Override
  public synchronized List<AuditEntry> batch(long batchId) {
    return entries.stream().filter(e -> e.batchId() == batchId).toList();
  }

  @Override
  public synchronized Optional<AuditEntry> undoneBy(long id) {
    return entries.stream()
        .filter(
            e ->
                e.outcome() == AuditOutcome.APPLIED && Long.valueOf(id).equals(e.change().undoOf()))
        .findFirst();
  }

  @Override
  public synchronized AuditPage query(AuditQuery q) {
    List<AuditEntry> out = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && out.size() <= q.limit(); i--) {
      AuditEntry e = entries.get(i);
      if ((q.before() == null || e.id() < q.before())
          && (q.campaignId() == null || q.campaignId().equals(e.change().campaignId()))
          && (q.ruleId() == null || q.ruleId().equals(e.change().actor().ruleId()))
          && (q.since() == null || !e.at().isBefore(q.since()))) {
        out.add(e);
      }
    }
    boolean more = out.size() > q.limit();
    List<AuditEntry> page = more ? out.subList(0, q.limit()) : out;
    return new AuditPage(page, more ? page.get(page.size() - 1).id() : null);
  }

  @Override
  public synchronized Collection<Campaign> campaigns() {
    return List.copyOf(campaigns.values());
  }

  @Override
  public synchronized Campaign campaign(String id) {
    return campaigns.get(id);
  }

  @Override
  public synchronized Ad ad(String id) {
    return ads.get(id);
  }

  @Override
  public synchronized List<Ad> adsOf(String campaignId) {
    return ads.values().stream().filter(a -> a.campaignId().equals(campaignId)).toList();
  }

  @Override
  public synchronized List<Ad> adsIn(String placement) {
    return ads.values().stream().filter(a -> a.placements().contains(placement)).toList();
  }

  @Override
  public Segment segmentOf(String campaignId) {
    return null;
  }
}
