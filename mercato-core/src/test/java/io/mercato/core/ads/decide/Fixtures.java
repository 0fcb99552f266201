package io.mercato.core.ads.decide;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.event.Event;
import io.mercato.core.profile.ProfileView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Small builders for decision tests: an in-memory inventory, campaigns, ads and a settable clock. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

  private Fixtures() {}

  static Campaign campaign(String id, String daily, String total) {
    return new Campaign(
        id,
        "Campaign " + id,
        T0.minus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(30)),
        ZoneOffset.UTC,
        CampaignStatus.ACTIVE,
        "EUR",
        new BigDecimal(total),
        new BigDecimal(daily),
        null,
        null,
        CampaignGoals.NONE,
        FrequencyCaps.DEFAULTS,
        0);
  }

  static Campaign withCaps(Campaign c, FrequencyCaps caps) {
    return new Campaign(
        c.id(),
        c.name(),
        c.start(),
        c.end(),
        c.timeZone(),
        c.status(),
        c.currency(),
        c.totalBudget(),
        c.dailyBudget(),
        c.discount(),
        c.segment(),
        c.goals(),
        caps,
        c.updatedMillis());
  }

  static Campaign withStatus(Campaign c, CampaignStatus status) {
    return new Campaign(
        c.id(),
        c.name(),
        c.start(),
        c.end(),
        c.timeZone(),
        status,
        c.currency(),
        c.totalBudget(),
        c.dailyBudget(),
        c.discount(),
        c.segment(),
        c.goals(),
        c.caps(),
        c.updatedMillis());
  }

  static Campaign withDates(Campaign c, Instant start, Instant end, ZoneId zone) {
    return new Campaign(
        c.id(),
        c.name(),
        start,
        end,
        zone,
        c.status(),
        c.currency(),
        c.totalBudget(),
        c.dailyBudget(),
        c.discount(),
        c.segment(),
        c.goals(),
        c.caps(),
        c.updatedMillis());
  }

  static Ad ad(String id, String campaignId, BidType type, String bid) {
    return new Ad(
        id,
        campaignId,
        new Creative("Ad " + id, null, "https://example.com/" + id),
        "sports",
        Set.of("home"),
        new Bid(type, new BigDecimal(bid)),
        AdStatus.ACTIVE,
        0);
  }

  static Ad paused(Ad a) {
    return new Ad(
        a.id(),
        a.campaignId(),
        a.creative(),
        a.category(),
        a.placements(),
        a.bid(),
        AdStatus.PAUSED,
        0);
  }

  static SegmentInput input(String user) {
    return new SegmentInput(
        user,
        new ProfileView(0, null, null, List.of(), Map.of(), Map.of(), Map.of(), 0, 0, null, null),
        Set.of());
  }

  static Event event(
      String id, String type, String user, String ad, String campaign, Double value, long t) {
    return new Event(id, false, type, user, null, ad, campaign, null, value, t, Map.of());
  }

  /** A settable clock. */
  static final class Clock implements InstantSource {
    volatile Instant now;

    Clock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** An inventory held in maps; segments are predicates on the user id. */
  static final class Inventory implements AdInventory {
    final Map<String, Campaign> campaigns = new TreeMap<>();
    final Map<String, Ad> ads = new TreeMap<>();
    final Map<String, Segment> segments = new TreeMap<>();

    Inventory add(Campaign c) {
      campaigns.put(c.id(), c);
      return this;
    }

    Inventory add(Ad a) {
      ads.put(a.id(), a);
      return this;
    }

    Inventory segment(String campaignId, String text, Predicate<String> users) {
      segments.put(
          campaignId,
          new Segment() {
            @Override
            public String expression() {
              return text;
            }

            @Override
            public boolean matches(SegmentInput in) {
              return users.test(in.userId());
            }
          });
      return this;
    }

    @Override
    public Collection<Campaign> campaigns() {
      return campaigns.values();
    }

    @Override
    public Campaign campaign(String id) {
      return campaigns.get(id);
    }

    @Override
    public Ad ad(String id) {
      return ads.get(id);
    }

    @Override
    public List<Ad> adsOf(String campaignId) {
      return ads.values().stream().filter(a -> a.campaignId().equals(campaignId)).toList();
    }

    @Override
    public List<Ad> adsIn(String placement) {
      return new ArrayList<>(
          ads.values().stream().filter(a -> a.placements().contains(placement)).toList());
    }

    @Override
    public Segment segmentOf(String campaignId) {
      return segments.get(campaignId);
    }
  }
}
