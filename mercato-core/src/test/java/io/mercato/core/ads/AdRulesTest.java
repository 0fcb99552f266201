package io.mercato.core.ads;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdRulesTest {
  static final AdRules RULES = new AdRules(EventLimits.defaults());
  static final String FULL =
      """
      {"id": "ad-3", "campaign_id": "spring-sale",
       "creative": {"title": "15% off running shoes", "image_url": "https://cdn.example/ad-3.png",
                    "landing_url": "https://shop.example/sale?utm=x"},
       "category": "sports", "placements": ["sidebar", "home_banner"],
       "bid": {"type": "cpc", "amount": "0.40"}, "status": "paused"}
      """;

  static Ad read(String json) {
    return RULES.read(AdsJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), "ad-3", 7L);
  }

  static List<String> fields(String json) {
    try {
      read(json);
    } catch (ValidationException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("valid: " + json);
  }

  @Test
  void everyFieldIsRead() {
    Ad ad = read(FULL);
    assertThat(ad)
        .isEqualTo(
            new Ad(
                "ad-3",
                "spring-sale",
                new Creative(
                    "15% off running shoes",
                    "https://cdn.example/ad-3.png", "https://shop.example/sale?utm=x"),
                "sports",
                Set.of("home_banner", "sidebar"),
                new Bid(BidType.CPC, new BigDecimal("0.4")),
                AdStatus.PAUSED,
                7L));
    assertThat(ad.placements()).containsExactly("home_banner", "sidebar");
  }

  @Test
  void optionalMembersTakeTheirDefaults() {
    Ad ad =
        read(
            """
        {"campaign_id": "c", "creative": {"title": "t", "landing_url": "http://x.example"},
         "placements": ["home"], "bid": {"type": "CPM", "amount": 2}}
        """);
    assertThat(ad.id()).isEqualTo("ad-3");
    assertThat(ad.status()).isEqualTo(AdStatus.ACTIVE);
    assertThat(ad.category()).isNull();
    assertThat(ad.creative().imageUrl()).isNull();
    assertThat(ad.bid()).isEqualTo(new Bid(BidType.CPM, new BigDecimal("2")));
  }

  @Test
  void everyBrokenRuleIsNamed() {
    assertThat(
            fields(
                """
        {"id": "ad-4", "campaign_id": "", "creative": {"title": "", "image_url": "ftp://x/y.png",
         "landing_url": "/relative", "alt": "x"}, "category": 5, "placements": ["home", "", "home", 3],
         "bid": {"type": "cpa", "amount": 0}, "status": "on", "updated_at": "x"}
        """))
        .containsExactlyInAnyOrder(
            "updated_at",
            "id",
            "campaign_id",
            "creative.alt",
            "creative.title",
            "creative.image_url",
            "creative.landing_url",
            "category",
            "placements[1]",
            "placements[2]",
            "placements[3]",
            "bid.type",
            "bid.amount",
            "status");
    assertThat(fields("{}"))
        .containsExactlyInAnyOrder("campaign_id", "creative", "placements", "bid");
    assertThat(
            fields(
                """
        {"campaign_id": "c", "creative": {}, "placements": [], "bid": {}}
        """))
        .containsExactlyInAnyOrder(
            "creative.title", "creative.landing_url", "placements", "bid.type", "bid.amount");
    assertThat(
            fields(
                """
        {"campaign_id": "c", "creative": "banner", "placements": "home", "bid": 1}
        """))
        .containsExactlyInAnyOrder("creative", "placements", "bid");
  }
}
