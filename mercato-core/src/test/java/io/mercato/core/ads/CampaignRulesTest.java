package io.mercato.core.ads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignRulesTest {
  static final CampaignRules RULES =
      new CampaignRules(EventLimits.defaults(), new SegmentCompiler());
  static final String FULL =
      """
      {"id": "spring-sale", "name": "Spring sale", "start": "2026-03-01T00:00:00+01:00",
       "end": "2026-04-01T00:00:00+02:00", "time_zone": "Europe/Rome", "status": "active",
       "currency": "EUR", "total_budget": 10000, "daily_budget": "500.00",
       "discount": {"kind": "percent", "value": 15},
       "segment": "profile.affinity[\\"sports\\"] > 0.3",
       "goals": {"participants": 5000, "revenue": 50000.50, "conversions": 400},
       "frequency_caps": {"ad_per_hour": 2, "ad_per_day": 8, "campaign_per_hour": 4, "campaign_per_day": 12}}
      """;
  static final String MINIMAL =
      """
      {"name": "Spring sale", "start": "2026-03-01T00:00:00Z", "end": "2026-04-01T00:00:00Z",
       "currency": "EUR", "total_budget": 1000, "daily_budget": 100}
      """;

  static Campaign read(String json) {
    return RULES.read(
        AdsJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), "spring-sale", 42L);
  }

  static List<String> fields(String json) {
    try {
      read(json);
    } catch (ValidationException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("valid: " + json);
  }

  static String message(String json, String field) {
    try {
      read(json);
    } catch (ValidationException e) {
      return e.errors().stream()
          .filter(f -> f.field().equals(field))
          .findFirst()
          .orElseThrow()
          .message();
    }
    throw new AssertionError("valid: " + json);
  }

  @Test
  void everyFieldIsRead() {
    Campaign c = read(FULL);
    assertThat(c.id()).isEqualTo("spring-sale");
    assertThat(c.name()).isEqualTo("Spring sale");
    assertThat(c.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    assertThat(c.timeZone()).isEqualTo(ZoneId.of("Europe/Rome"));
    assertThat(c.status()).isEqualTo(CampaignStatus.ACTIVE);
    assertThat(c.currency()).isEqualTo("EUR");
    assertThat(c.totalBudget()).isEqualTo(new BigDecimal("10000"));
    assertThat(c.dailyBudget()).as("canonical: no trailing zeros").isEqualTo(new BigDecimal("500"));
    assertThat(c.discount()).isEqualTo(new Discount(Discount.Kind.PERCENT, new BigDecimal("15")));
    assertThat(c.segment()).isEqualTo("profile.affinity[\"sports\"] > 0.3");
    assertThat(c.goals()).isEqualTo(new CampaignGoals(5000L, new BigDecimal("50000.5"), 400L));
    assertThat(c.caps()).isEqualTo(new FrequencyCaps(2, 8, 4, 12));
    assertThat(c.updatedMillis()).isEqualTo(42L);
  }

  @Test
  void optionalMembersTakeTheirDefaults() {
    Campaign c = read(MINIMAL);
    assertThat(c.id()).as("the path id").isEqualTo("spring-sale");
    assertThat(c.timeZone().getId()).isEqualTo("UTC");
    assertThat(c.status()).isEqualTo(CampaignStatus.DRAFT);
    assertThat(c.discount()).isNull();
    assertThat(c.segment()).isNull();
    assertThat(c.goals()).isEqualTo(CampaignGoals.NONE);
    assertThat(c.caps()).isEqualTo(FrequencyCaps.DEFAULTS);
    Campaign partialCaps =
        read(
            MINIMAL.replace(
                "}\n", ", \"frequency_caps\": {\"ad_per_day\": 4}, \"segment\": \" \"}"));
    assertThat(partialCaps.caps()).isEqualTo(new FrequencyCaps(3, 4, 6, 20));
    assertThat(partialCaps.segment()).as("blank targets everyone").isNull();
  }

  @Test
  void amountsAreExactWhetherNumbersOrStrings() {
    Campaign c =
        read(
            MINIMAL
                .replace("\"total_budget\": 1000", "\"total_budget\": 0.1")
                .replace("\"daily_budget\": 100", "\"daily_budget\": \"0.100000\""));
    assertThat(c.totalBudget()).isEqualTo(new BigDecimal("0.1"));
    assertThat(c.dailyBudget()).isEqualTo(new BigDecimal("0.1"));
    assertThat(read(MINIMAL.replace("1000", "1E+3")).totalBudget())
        .isEqualTo(new BigDecimal("1000"));
    assertThat(message(MINIMAL.replace("1000", "0.0000001"), "total_budget"))
        .contains("at most 6 decimals");
    assertThat(message(MINIMAL.replace("1000", "\"ten\""), "total_budget"))
        .contains("decimal number");
    assertThat(message(MINIMAL.replace("1000", "-5"), "total_budget")).contains("must be positive");
    assertThat(message(MINIMAL.replace("1000", "true"), "total_budget")).contains("was a boolean");
  }

  /**
   * Numbers whose exponent does not fit an int (regression: {@code 1E+2147483648} escaped the JSON
   * reader as a NumberFormatException, a 500) or that are huge or tiny are refused on their member.
   */
  @Test
  void numbersWithExtremeExponentsAreNamed() {
    for (String n :
        List.of("1E+2147483648", "1E-2147483649", "1e999999999", "1e-999999999", "9E+2147483647")) {
      assertThat(fields(MINIMAL.replace("1000", n))).as(n).containsExactly("total_budget");
      assertThat(
              fields(
                  MINIMAL.replace(
                      "\"daily_budget\": 100",
                      "\"daily_budget\": 100, \"goals\": {\"conversions\": " + n + "}")))
          .as(n)
          .containsExactly("goals.conversions");
    }
  }

  @Test
  void everyBrokenRuleIsNamed() {
    String bad =
        """
        {"id": "other", "name": " ", "start": "2026-03-01T00:00:00", "end": "yesterday", "time_zone": "Mars/Base",
         "status": "live", "currency": "eur", "total_budget": 0, "daily_budget": "x",
         "discount": {"kind": "bogo", "value": 0, "extra": 1},
         "segment": "profile.purchases + 1",
         "goals": {"participants": 0, "revenue": -1, "conversions": 1.5},
         "frequency_caps": {"ad_per_hour": 0, "ad_per_day": "3", "campaign_per_hour": 2000000, "per_week": 1},
         "updated_at": "2026-01-01T00:00:00Z", "budget": 5}
        """;
    assertThat(fields(bad))
        .containsExactlyInAnyOrder(
            "updated_at",
            "budget",
            "id",
            "name",
            "start",
            "end",
            "time_zone",
            "status",
            "currency",
            "total_budget",
            "daily_budget",
            "discount.extra",
            "discount.kind",
            "discount.value",
            "segment",
            "goals.participants",
            "goals.revenue",
            "goals.conversions",
            "frequency_caps.per_week",
            "frequency_caps.ad_per_hour",
            "frequency_caps.ad_per_day",
            "frequency_caps.campaign_per_hour");
    assertThat(message(bad, "id")).contains("\"spring-sale\"").contains("\"other\"");
    assertThat(message(bad, "start")).contains("with an offset");
    assertThat(message(bad, "updated_at")).contains("set by the server");
    assertThat(message(bad, "segment")).contains("expected type 'bool' but found 'int'");
  }

  @Test
  void requiredMembersAreReportedOnce() {
    assertThat(fields("{}"))
        .containsExactlyInAnyOrder(
            "name", "start", "end", "currency", "total_budget", "daily_budget");
    assertThat(fields(MINIMAL.replace("\"currency\": \"EUR\"", "\"currency\": null")))
        .containsExactly("currency");
    assertThat(fields(MINIMAL.replace("\"name\": \"Spring sale\"", "\"name\": 7")))
        .containsExactly("name");
  }

  @Test
  void crossFieldRules() {
    assertThat(message(MINIMAL.replace("2026-04-01T00:00:00Z", "2026-03-01T00:00:00Z"), "end"))
        .contains("must be after start");
    assertThat(
            message(
                MINIMAL.replace("\"daily_budget\": 100", "\"daily_budget\": 1000.01"),
                "daily_budget"))
        .contains("must not exceed total_budget (1000)");
    assertThat(
            message(
                MINIMAL.replace(
                    "}\n", ", \"discount\": {\"kind\": \"percent\", \"value\": 100.5}}"),
                "discount.value"))
        .contains("at most 100");
    assertThat(
            read(MINIMAL.replace("}\n", ", \"discount\": {\"kind\": \"amount\", \"value\": 150}}"))
                .discount())
        .isEqualTo(new Discount(Discount.Kind.AMOUNT, new BigDecimal("150")));
  }

  @Test
  void bodiesThatAreNotOneWellFormedObjectAreRefused() {
    assertThatThrownBy(() -> AdsJson.parseObject("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("body");
    assertThatThrownBy(() -> AdsJson.parseObject(" ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () ->
                AdsJson.parseObject("{\"name\": 1, \"name\": 2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> AdsJson.parseObject("{\"name\": \n}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedInputException.class)
        .satisfies(e -> assertThat(((MalformedInputException) e).line()).isEqualTo(2));
    assertThatThrownBy(() -> AdsJson.parseObject("{} {}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedInputException.class);
  }
}
