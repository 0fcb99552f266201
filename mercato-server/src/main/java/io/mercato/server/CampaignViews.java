package io.mercato.server;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.FrequencyCaps;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * How the campaign and ad endpoints write definitions: the same members a write takes
 * ({@link io.mercato.core.ads.CampaignRules}, {@link io.mercato.core.ads.AdRules}), with every
 * optional member present (null when not set, defaults filled in), instants in UTC, amounts as JSON
 * numbers in canonical form, and {@code updated_at}.
 */
final class CampaignViews {
  private CampaignViews() {}

  /** A campaign. */
  record CampaignView(
      String id,
      String name,
      String start,
      String end,
      String timeZone,
      String status,
      String currency,
      BigDecimal totalBudget,
      BigDecimal dailyBudget,
      DiscountView discount,
      String segment,
      GoalsView goals,
      CapsView frequencyCaps,
      List<String> tags,
      String updatedAt) {}

  record DiscountView(String kind, BigDecimal value) {}

  record GoalsView(Long participants, BigDecimal revenue, Long conversions) {}

  record CapsView(int adPerHour, int adPerDay, int campaignPerHour, int campaignPerDay) {}

  /** An ad. */
  record AdView(
      String id,
      String campaignId,
      CreativeView creative,
      String category,
      List<String> placements,
      BidView bid,
      String status,
      String updatedAt) {}

  record CreativeView(String title, String imageUrl, String landingUrl) {}

  record BidView(String type, BigDecimal amount) {}

  static CampaignView of(Campaign c) {
    Discount d = c.discount();
    CampaignGoals g = c.goals();
    FrequencyCaps f = c.caps();
    return new CampaignView(
        c.id(),
        c.name(),
        c.start().toString(),
        c.end().toString(),
        c.timeZone().getId(),
        c.status().wireName(),
        c.currency(),
        c.totalBudget(),
        c.dailyBudget(),
        d == null ? null : new DiscountView(d.kind().name().toLowerCase(Locale.ROOT), d.value()),
        c.segment(),
        new GoalsView(g.participants(), g.revenue(), g.conversions()),
        new CapsView(f.adPerHour(), f.adPerDay(), f.campaignPerHour(), f.campaignPerDay()),
        List.copyOf(c.tags()),
        Json.time(c.updatedMillis()));
  }

  static AdView of(Ad a) {
    return new AdView(
        a.id(),
        a.campaignId(),
        new CreativeView(a.creative().title(), a.creative().imageUrl(), a.creative().landingUrl()),
        a.category(),
        List.copyOf(a.placements()),
        new BidView(a.bid().type().wireName(), a.bid().amount()),
        a.status().wireName(),
        Json.time(a.updatedMillis()));
  }
}
