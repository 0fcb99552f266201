package io.mercato.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleJsonTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String EXAMPLE =
      """
      {"name": "Raise the discount when CVR drops",
       "scope": {"condition": "\\"sale\\" in campaign.tags", "excluded_ids": ["c9"]},
       "window": "10m", "condition": "cvr < 0.02", "min_sample": {"clicks": 100},
       "trigger": {"cron": "0 9 * * MON-FRI", "time_zone": "Europe/Rome"},
       "cooldown": "30m", "max_actions_per_day": 3,
       "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30},
                   {"type": "extend_end", "by": "1d", "ceiling": "2026-12-31T00:00:00+01:00"},
                   {"type": "change_bid", "percent": -10.5, "min": "0.05"},
                   {"type": "notify", "url": "https://hooks.example/rules"}],
       "mode": "require_approval", "approval_ttl": "PT2H"}
      """;

  static ObjectNode parse(String s) throws Exception {
    return (ObjectNode) JSON.readTree(s);
  }

  List<String> fields(String body) throws Exception {
    try {
      RuleJson.read(parse(body), "r1");
    } catch (ValidationException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("read: " + body);
  }

  @Test
  void theDocumentedExampleReadsAsTheRuleItDescribes() throws Exception {
    Rule r = RuleJson.read(parse(EXAMPLE), "low-cvr");
    assertThat(r.id()).isEqualTo("low-cvr");
    assertThat(r.version()).isZero();
    assertThat(r.enabled()).isTrue();
    assertThat(r.scope().excludedIds()).containsExactly("c9");
    assertThat(r.minSample()).isEqualTo(new MinimumSample(0, 100, 0));
    assertThat(r.trigger())
        .isEqualTo(new RuleTrigger.Cron("0 9 * * MON-FRI", ZoneId.of("Europe/Rome")));
    assertThat(r.cooldown()).isEqualTo(Duration.ofMinutes(30));
    assertThat(r.approvalTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(r.actions())
        .containsExactly(
            RuleAction.Change.campaign(
                new Operation.ChangeDiscount(
                    Adjust.ADD, new BigDecimal("5"), null, new BigDecimal("30"))),
            RuleAction.Change.campaign(
                new Operation.ExtendEnd(Duration.ofDays(1), Instant.parse("2026-12-30T23:00:00Z"))),
            RuleAction.Change.ads(
                new Operation.ChangeBid(new BigDecimal("-10.5"), new BigDecimal("0.05"), null)),
            new RuleAction.Notify(URI.create("https://hooks.example/rules")));
    assertThat(
            new RuleCompiler(RuleFixtures.WINDOWS, Guardrails.defaults())
                .compile(
                    new Rule(
                        r.id(),
                        r.version(),
                        r.name(),
                        r.enabled(),
                        r.scope().withAds(null),
                        r.window(),
                        r.condition(),
                        r.minSample(),
                        r.trigger(),
                        r.cooldown(),
                        r.maxActionsPerDay(),
                        r.actions(),
                        r.mode(),
                        r.approvalTtl(),
                        null,
                        null)))
        .isNotNull();
  }

  @Test
  void aSavedVersionRoundTripsThroughItsStoredForm() throws Exception {
    Rule saved =
        RuleJson.read(parse(EXAMPLE), "low-cvr")
            .saved(3, Instant.parse("2026-11-24T12:00:00Z"), "alice");
    ObjectNode stored = RuleJson.write(saved);
    assertThat(stored.get("format").asInt()).isEqualTo(RuleJson.FORMAT);
    assertThat(RuleJson.readStored(RuleJson.parse(stored.toString()))).isEqualTo(saved);
  }

  @Test
  void everyStructuralFaultIsReportedWithItsField() throws Exception {
    assertThat(
            fields(
                """
        {"id": "other", "name": 3, "colour": "red", "scope": [], "window": "10m", "condition": "true",
         "trigger": {"every": "5 minutes"}, "cooldown": "soon", "max_actions_per_day": 0,
         "actions": [{"type": "explode"}, {"type": "change_discount", "how": "double", "amount": "x"}, 7],
         "mode": "yolo"}
        """))
        .containsExactlyInAnyOrder(
            "colour",
            "id",
            "name",
            "scope",
            "trigger.every",
            "cooldown",
            "max_actions_per_day",
            "actions[0].type",
            "actions[1].how",
            "actions[1].amount",
            "actions[2]",
            "mode");
  }

  @Test
  void aTriggerNeedsExactlyOneKind() throws Exception {
    assertThat(
            fields(
                """
        {"name": "n", "scope": {"campaign_ids": ["c1"]}, "window": "10m", "condition": "true",
         "trigger": {"every": "5m", "on_kpi_change": "5s"}, "actions": [{"type": "pause"}], "mode": "auto"}
        """))
        .containsExactly("trigger");
    assertThat(
            fields(
                """
        {"name": "n", "scope": {"campaign_ids": ["c1", "c1"]}, "window": "10m", "condition": "true",
         "trigger": {"cron": "* * * * *", "time_zone": "Mars/Olympus"}, "actions": [{"type": "pause"}], "mode": "auto"}
        """))
        .containsExactly("scope.campaign_ids[1]", "trigger.time_zone");
  }

  @Test
  void requiredMembersAreNamedWhenMissing() throws Exception {
    assertThat(fields("{}"))
        .containsExactlyInAnyOrder(
            "name", "scope", "window", "condition", "trigger", "actions", "mode");
    assertThatThrownBy(() -> RuleJson.parse("[1]")).isInstanceOf(ValidationException.class);
  }

  /** The stored form of format 1, pinned: versions saved by this code must keep loading. */
  static final String STORED_V1 =
      "{\"format\":1,\"id\":\"low-cvr\",\"version\":2,\"created_at\":\"2026-11-24T12:00:00Z\","
          + "\"author\":\"alice\",\"name\":\"Low CVR\",\"enabled\":true,\"scope\":{\"campaign_ids\":[\"c1\"],\"condition\":null,"
          + "\"excluded_ids\":[],\"ads\":true,\"ad_condition\":\"ad.ctr < 0.01\"},\"window\":\"10m\",\"condition\":\"cvr < 0.02\","
          + "\"min_sample\":{\"impressions\":0,\"clicks\":100,\"conversions\":0},\"trigger\":{\"on_kpi_change\":\"5s\"},"
          + "\"cooldown\":\"30m\",\"max_actions_per_day\":3,\"actions\":[{\"type\":\"change_discount\",\"target\":\"campaign\","
          + "\"how\":\"add\",\"amount\":5,\"min\":null,\"max\":30},{\"type\":\"move_budget\",\"target\":\"campaign\",\"to\":\"c2\","
          + "\"amount\":100},{\"type\":\"pause\",\"target\":\"ads\"}],\"mode\":\"dry_run\",\"approval_ttl\":\"1d\"}";

  @Test
  void aVersionStoredInFormat1StillLoadsAndIsWrittenTheSameWay() {
    Rule r = RuleJson.readStored(RuleJson.parse(STORED_V1));
    assertThat(r.ref()).hasToString("low-cvr@2");
    assertThat(r.author()).isEqualTo("alice");
    assertThat(r.trigger()).isEqualTo(new RuleTrigger.OnKpiChange(Duration.ofSeconds(5)));
    assertThat(r.actions()).hasSize(3);
    assertThat(r.approvalTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(RuleJson.toText(r)).isEqualTo(STORED_V1);
  }
}
