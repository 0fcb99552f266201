package io.mercato.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.AdsJson;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import io.mercato.core.reco.Strategy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentRulesTest {
  static final ExperimentRules RULES =
      new ExperimentRules(EventLimits.defaults(), new SegmentCompiler());
  static final String FULL =
      """
      {"key": "reco-als", "name": "ALS against item-CF", "mode": "ab",
       "arms": [{"name": "control", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
                {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}}],
       "control": "control", "weights": {"control": 3, "als": 1},
       "targeting": "profile.purchases >= 1", "salt": "reco-als-1",
       "primary_metric": "conversion", "guardrail_metrics": ["revenue_per_user", "latency"],
       "start": "2026-03-01T00:00:00+01:00", "stop": "2026-04-01T00:00:00Z",
       "holdouts": {"global": 0.05, "campaigns": [{"campaign_id": "spring-sale", "share": 0.1}]}}
      """;
  static final String MINIMAL =
      """
      {"name": "Discount test",
       "arms": [{"name": "ten", "kind": "campaign_settings",
                 "payload": {"campaign_id": "spring-sale", "discount": {"kind": "percent", "value": 10}}},
                {"name": "twenty", "kind": "campaign_settings",
                 "payload": {"campaign_id": "spring-sale", "discount": {"kind": "percent", "value": "20"}}}],
       "weights": {"ten": 1, "twenty": 1}, "primary_metric": "conversion"}
      """;
  static final String BANDIT =
      """
      {"name": "Ad policies", "mode": "bandit",
       "arms": [{"name": "thompson", "kind": "ad_policy", "payload": {"policy": "bayesian_thompson"}},
                {"name": "mean", "kind": "ad_policy", "payload": {"policy": "bayesian_mean"}},
                {"name": "learned", "kind": "ad_policy", "payload": {"policy": "learned"}}],
       "primary_metric": "ctr", "start": "2026-03-01T00:00:00Z",
       "bandit": {"burn_in": "PT12H", "cadence": "PT30M", "floor": 0.1}}
      """;
  static final String INTERLEAVING =
      """
      {"name": "Rankers", "mode": "interleaving",
       "arms": [{"name": "itemcf", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
                {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}}],
       "primary_metric": "ctr"}
      """;

  static ObjectNode json(String text) {
    return AdsJson.parseObject(text.getBytes(StandardCharsets.UTF_8));
  }

  static ExperimentDefinition read(ObjectNode body) {
    return RULES.read(body, "reco-als", 1, 42L);
  }

  /** {@code base} with the top-level members of {@code patch} replaced (a JSON null removes nothing: it is "absent"). */
  static ObjectNode patched(String base, String patch) {
    ObjectNode b = json(base);
    json(patch).properties().forEach(e -> b.set(e.getKey(), e.getValue()));
    return b;
  }

  static List<FieldError> errors(ObjectNode body) {
    try {
      read(body);
    } catch (ValidationException e) {
      return e.errors();
    }
    throw new AssertionError("valid: " + body);
  }

  @Test
  void everyFieldIsRead() {
    ExperimentDefinition d = read(json(FULL));
    assertThat(d.key()).isEqualTo("reco-als");
    assertThat(d.version()).isEqualTo(1);
    assertThat(d.name()).isEqualTo("ALS against item-CF");
    assertThat(d.mode()).isEqualTo(ExperimentMode.AB);
    assertThat(d.arms())
        .containsExactly(
            new Arm("control", new Treatment.Recommendation(Strategy.ITEM_CF), 3),
            new Arm("als", new Treatment.Recommendation(Strategy.ALS), 1));
    assertThat(d.control()).isEqualTo("control");
    assertThat(d.targeting()).isEqualTo("profile.purchases >= 1");
    assertThat(d.salt()).isEqualTo("reco-als-1");
    assertThat(d.primaryMetric()).isEqualTo(Metric.CONVERSION);
    assertThat(d.guardrails()).containsExactly(Metric.REVENUE_PER_USER, Metric.LATENCY);
    assertThat(d.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    assertThat(d.stop()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(d.holdouts()).isEqualTo(new Holdouts(0.05, Map.of("spring-sale", 0.1)));
    assertThat(d.bandit()).isNull();
    assertThat(d.updatedMillis()).isEqualTo(42L);
  }

  @Test
  void optionalMembersTakeTheirDefaults() {
    ExperimentDefinition d = RULES.read(json(MINIMAL), "discount-test", 3, 1L);
    assertThat(d.key()).isEqualTo("discount-test");
    assertThat(d.version()).isEqualTo(3);
    assertThat(d.mode()).isEqualTo(ExperimentMode.AB);
    assertThat(d.control()).as("the first arm").isEqualTo("ten");
    assertThat(d.salt()).as("the key").isEqualTo("discount-test");
    assertThat(d.targeting()).isNull();
    assertThat(d.guardrails()).isEmpty();
    assertThat(d.start()).as("a draft").isNull();
    assertThat(d.runningAt(Instant.now())).isFalse();
    assertThat(d.holdouts()).isEqualTo(Holdouts.NONE);
    assertThat(d.arms().get(1).treatment())
        .isEqualTo(
            new Treatment.CampaignSettings(
                "spring-sale", new Discount(Discount.Kind.PERCENT, new BigDecimal("20"))));
  }

  @Test
  void banditAndInterleavingDefinitionsAreRead() {
    ExperimentDefinition b = read(json(BANDIT));
    assertThat(b.mode()).isEqualTo(ExperimentMode.BANDIT);
    assertThat(b.bandit())
        .isEqualTo(new BanditSettings(Duration.ofHours(12), Duration.ofMinutes(30), 0.1));
    assertThat(b.arms()).extracting(Arm::weight).containsOnly(1.0);
    ExperimentDefinition allFloor =
        read(patched(BANDIT, "{\"bandit\": {\"floor\": " + (1.0 / 3) + "}}"));
    assertThat(allFloor.bandit().floor())
        .as("a floor of exactly 1/arms: equal weights for ever")
        .isEqualTo(1.0 / 3);
    ExperimentDefinition defaults = read(patched(BANDIT, "{\"bandit\": null}"));
    assertThat(defaults.bandit()).isEqualTo(BanditSettings.DEFAULTS);
    ExperimentDefinition i = read(json(INTERLEAVING));
    assertThat(i.mode()).isEqualTo(ExperimentMode.INTERLEAVING);
    assertThat(i.arms()).hasSize(2);
  }

  /** Every rule broken, one at a time: the error names the field (and only that field). */
  static Stream<Arguments> invalidDefinitions() {
    return Stream.of(
        Arguments.of(FULL, "{\"key\": \"other\"}", "key"),
        Arguments.of(FULL, "{\"name\": \"  \"}", "name"),
        Arguments.of(FULL, "{\"name\": null}", "name"),
        Arguments.of(FULL, "{\"mode\": \"abc\"}", "mode"),
        Arguments.of(FULL, "{\"arms\": null}", "arms"),
        Arguments.of(FULL, "{\"arms\": {}}", "arms"),
        Arguments.of(
            FULL,
            "{\"arms\": [{\"name\": \"a\", \"kind\": \"ad_policy\", \"payload\": {\"policy\": \"learned\"}}],"
                + " \"weights\": {\"a\": 1}, \"control\": \"a\"}",
            "arms"),
        Arguments.of(
            FULL,
            "{\"arms\": [" + arm("control", "item_cf") + ", 7], \"weights\": {\"control\": 1}}",
            "arms[1]"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", "
                + arm("Bad Name", "als")
                + "],"
                + " \"weights\": {\"control\": 1, \"Bad Name\": 1}}",
            "arms[1].name"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", "
                + arm("holdout", "als")
                + "],"
                + " \"weights\": {\"control\": 1, \"holdout\": 1}}",
            "arms[1].name"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", "
                + arm("control", "als")
                + "],"
                + " \"weights\": {\"control\": 1}}",
            "arms[1].name"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", {\"name\": \"als\", \"kind\": \"magic\","
                + " \"payload\": {}}]}",
            "arms[1].kind"),
        Arguments.of(
            FULL,
            "{\"arms\": [" + arm("control", "item_cf") + ", " + arm("als", "neural") + "]}",
            "arms[1].payload.strategy"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", {\"name\": \"als\","
                + " \"kind\": \"recommendation_strategy\"}]}",
            "arms[1].payload"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", {\"name\": \"als\","
                + " \"kind\": \"recommendation_strategy\", \"payload\": {\"strategy\": \"als\", \"depth\": 3}}]}",
            "arms[1].payload.depth"),
        Arguments.of(
            FULL,
            "{\"arms\": ["
                + arm("control", "item_cf")
                + ", {\"name\": \"als\", \"kind\": \"ad_policy\","
                + " \"payload\": {\"policy\": \"greedy\"}}]}",
            "arms[1].payload.policy"),
        Arguments.of(
            MINIMAL,
            "{\"arms\": ["
                + campaign("ten", "\"\"", "10")
                + ", "
                + campaign("twenty", "\"c\"", "20")
                + "]}",
            "arms[0].payload.campaign_id"),
        Arguments.of(
            MINIMAL,
            "{\"arms\": ["
                + campaign("ten", "\"c\"", "150")
                + ", "
                + campaign("twenty", "\"c\"", "20")
                + "]}",
            "arms[0].payload.discount.value"),
        Arguments.of(
            MINIMAL,
            "{\"arms\": ["
                + campaign("ten", "\"c\"", "-1")
                + ", "
                + campaign("twenty", "\"c\"", "20")
                + "]}",
            "arms[0].payload.discount.value"),
        Arguments.of(FULL, "{\"control\": \"ghost\"}", "control"),
        Arguments.of(FULL, "{\"weights\": null}", "weights"),
        Arguments.of(FULL, "{\"weights\": [1, 1]}", "weights"),
        Arguments.of(
            FULL, "{\"weights\": {\"control\": 1, \"als\": 1, \"ghost\": 1}}", "weights.ghost"),
        Arguments.of(FULL, "{\"weights\": {\"control\": 1}}", "weights"),
        Arguments.of(FULL, "{\"weights\": {\"control\": 0, \"als\": 0}}", "weights"),
        Arguments.of(FULL, "{\"weights\": {\"control\": -1, \"als\": 2}}", "weights.control"),
        Arguments.of(FULL, "{\"weights\": {\"control\": \"1\", \"als\": 2}}", "weights.control"),
        Arguments.of(FULL, "{\"targeting\": \"profile.nope > 1\"}", "targeting"),
        Arguments.of(FULL, "{\"targeting\": \"profile.purchases\"}", "targeting"),
        Arguments.of(FULL, "{\"salt\": \"has space\"}", "salt"),
        Arguments.of(FULL, "{\"primary_metric\": null}", "primary_metric"),
        Arguments.of(FULL, "{\"primary_metric\": \"happiness\"}", "primary_metric"),
        Arguments.of(FULL, "{\"guardrail_metrics\": \"latency\"}", "guardrail_metrics"),
        Arguments.of(
            FULL, "{\"guardrail_metrics\": [\"latency\", \"latency\"]}", "guardrail_metrics[1]"),
        Arguments.of(FULL, "{\"guardrail_metrics\": [\"conversion\"]}", "guardrail_metrics[0]"),
        Arguments.of(FULL, "{\"guardrail_metrics\": [\"bounce\"]}", "guardrail_metrics[0]"),
        Arguments.of(FULL, "{\"start\": \"yesterday\"}", "start"),
        Arguments.of(FULL, "{\"stop\": \"2026-01-01T00:00:00Z\"}", "stop"),
        Arguments.of(FULL, "{\"start\": null}", "stop"),
        Arguments.of(FULL, "{\"holdouts\": {\"global\": 0.6}}", "holdouts.global"),
        Arguments.of(FULL, "{\"holdouts\": {\"global\": \"0.1\"}}", "holdouts.global"),
        Arguments.of(FULL, "{\"holdouts\": {\"everyone\": 0.1}}", "holdouts.everyone"),
        Arguments.of(FULL, "{\"holdouts\": {\"campaigns\": {\"c\": 0.1}}}", "holdouts.campaigns"),
        Arguments.of(
            FULL,
            "{\"holdouts\": {\"campaigns\": [{\"campaign_id\": \"c\", \"share\": 0}]}}",
            "holdouts.campaigns[0].share"),
        Arguments.of(
            FULL,
            "{\"holdouts\": {\"campaigns\": [{\"campaign_id\": \"c\"}]}}",
            "holdouts.campaigns[0].share"),
        Arguments.of(
            FULL,
            "{\"holdouts\": {\"campaigns\": [{\"share\": 0.1}]}}",
            "holdouts.campaigns[0].campaign_id"),
        Arguments.of(
            FULL,
            "{\"holdouts\": {\"campaigns\": [{\"campaign_id\": \"c\", \"share\": 0.1},"
                + " {\"campaign_id\": \"c\", \"share\": 0.2}]}}",
            "holdouts.campaigns[1].campaign_id"),
        Arguments.of(FULL, "{\"bandit\": {\"floor\": 0.1}}", "bandit"),
        Arguments.of(FULL, "{\"version\": 7}", "version"),
        Arguments.of(FULL, "{\"updated_at\": \"2026-01-01T00:00:00Z\"}", "updated_at"),
        Arguments.of(FULL, "{\"colour\": \"blue\"}", "colour"),
        Arguments.of(
            BANDIT, "{\"weights\": {\"thompson\": 1, \"mean\": 1, \"learned\": 1}}", "weights"),
        Arguments.of(BANDIT, "{\"primary_metric\": \"revenue_per_user\"}", "primary_metric"),
        Arguments.of(
            BANDIT,
            "{\"arms\": [{\"name\": \"a\", \"kind\": \"ad_policy\", \"payload\": {\"policy\": \"learned\"}},"
                + arm("b", "als")
                + "]}",
            "arms[1].kind"),
        Arguments.of(BANDIT, "{\"bandit\": {\"floor\": 0.4}}", "bandit.floor"),
        Arguments.of(BANDIT, "{\"bandit\": {\"cadence\": \"PT10S\"}}", "bandit.cadence"),
        Arguments.of(BANDIT, "{\"bandit\": {\"burn_in\": \"a day\"}}", "bandit.burn_in"),
        Arguments.of(INTERLEAVING, "{\"primary_metric\": \"conversion\"}", "primary_metric"),
        Arguments.of(INTERLEAVING, "{\"weights\": {\"itemcf\": 1, \"als\": 1}}", "weights"),
        Arguments.of(
            INTERLEAVING,
            "{\"arms\": ["
                + arm("a", "item_cf")
                + ", "
                + arm("b", "als")
                + ", "
                + arm("c", "popular")
                + "]}",
            "arms"),
        Arguments.of(
            INTERLEAVING,
            "{\"arms\": ["
                + arm("a", "item_cf")
                + ", {\"name\": \"b\", \"kind\": \"ad_policy\","
                + " \"payload\": {\"policy\": \"learned\"}}]}",
            "arms[1].kind"));
  }

  private static String arm(String name, String strategy) {
    return "{\"name\": \""
        + name
        + "\", \"kind\": \"recommendation_strategy\", \"payload\": {\"strategy\": \""
        + strategy
        + "\"}}";
  }

  private static String campaign(String name, String campaignId, String percent) {
    return "{\"name\": \""
        + name
        + "\", \"kind\": \"campaign_settings\", \"payload\": {\"campaign_id\": "
        + campaignId
        + ", \"discount\": {\"kind\": \"percent\", \"value\": "
        + percent
        + "}}}";
  }

  @ParameterizedTest(name = "{2}: {1}")
  @MethodSource("invalidDefinitions")
  void everyInvalidDefinitionIsAnErrorNamingTheField(String base, String patch, String field) {
    List<FieldError> errors = errors(patched(base, patch));
    assertThat(errors).extracting(FieldError::field).as(patch).containsExactly(field);
    assertThat(errors.get(0).message()).isNotBlank();
  }

  @Test
  void everyBrokenRuleIsReportedAtOnce() {
    List<FieldError> errors =
        errors(
            patched(
                FULL,
                "{\"name\": \"\", \"weights\": {\"control\": 1, \"ghost\": 2}, \"primary_metric\": \"x\", \"salt\": \"a b\"}"));
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("name", "weights.ghost", "weights", "primary_metric", "salt");
  }

  @Test
  void messagesSayWhatIsExpected() {
    assertThat(
            errors(patched(FULL, "{\"weights\": {\"control\": 1, \"als\": 1, \"ghost\": 1}}"))
                .get(0)
                .message())
        .isEqualTo("names no arm; the arms are control, als");
    assertThat(
            errors(patched(FULL, "{\"weights\": {\"control\": 0, \"als\": 0}}")).get(0).message())
        .contains("positive sum");
    assertThat(errors(patched(FULL, "{\"targeting\": \"profile.nope > 1\"}")).get(0).message())
        .contains("undeclared reference")
        .contains("A condition may use");
  }

  @Test
  void anInvalidPathKeyIsAnErrorOnKey() {
    assertThatThrownBy(() -> ExperimentRules.checkKey("Has Space"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("key"));
    assertThatThrownBy(() -> RULES.read(json(MINIMAL), "UPPER", 1, 1L))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("key"));
  }

  @Test
  void aZeroWeightArmIsAllowedWhileOthersCarryTheTraffic() {
    ExperimentDefinition d = read(patched(FULL, "{\"weights\": {\"control\": 1, \"als\": 0}}"));
    assertThat(d.arms().get(1).weight()).isZero();
  }

  @Test
  void handBuiltDefinitionsAreCheckedToo() {
    ExperimentDefinition d = read(json(FULL));
    assertThatThrownBy(
            () ->
                new ExperimentDefinition(
                    d.key(),
                    1,
                    d.name(),
                    d.mode(),
                    d.arms(),
                    "ghost",
                    null,
                    d.salt(),
                    d.primaryMetric(),
                    d.guardrails(),
                    null,
                    null,
                    null,
                    null,
                    1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control");
    assertThatThrownBy(
            () ->
                new ExperimentDefinition(
                    d.key(),
                    1,
                    d.name(),
                    d.mode(),
                    List.of(
                        new Arm("a", new Treatment.Recommendation(Strategy.ALS), 0),
                        new Arm("b", new Treatment.Recommendation(Strategy.ALS), 0)),
                    "a",
                    null,
                    d.salt(),
                    d.primaryMetric(),
                    d.guardrails(),
                    null,
                    null,
                    null,
                    null,
                    1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive sum");
    assertThatThrownBy(() -> new Arm("a", new Treatment.Recommendation(Strategy.ALS), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
