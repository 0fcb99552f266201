package io.mercato.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.cel.ConditionPosition;
import io.mercato.core.error.FieldError;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {
  final RuleCompiler compiler = new RuleCompiler(RuleFixtures.WINDOWS, Guardrails.defaults());
  final Rule base = RuleFixtures.lowCvr(RuleMode.AUTO);

  RuleValidationException refused(Rule r) {
    try {
      compiler.compile(r);
    } catch (RuleValidationException e) {
      return e;
    }
    throw new AssertionError("compiled: " + r);
  }

  List<String> fields(Rule r) {
    return refused(r).errors().stream().map(FieldError::field).toList();
  }

  @Test
  void aValidRuleCompilesAndEvaluatesItsCondition() {
    CompiledRule r = compiler.compile(base);
    assertThat(r.condition(Map.of("cvr", 0.01))).isTrue();
  }

  @Test
  void aCelErrorCarriesItsMessageFieldAndPosition() {
    RuleValidationException e =
        refused(RuleFixtures.with(base, "cvr < 0.02 && clickz > 3", base.actions(), base.scope()));
    assertThat(e.errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.field()).isEqualTo("condition");
              assertThat(f.message())
                  .contains("undeclared reference to 'clickz'")
                  .contains("A condition may use: impressions");
            });
    assertThat(e.positions()).containsEntry("condition", new ConditionPosition(1, 15, 14));
  }

  @Test
  void aConditionThatIsNotBooleanIsRefused() {
    assertThat(
            refused(RuleFixtures.with(base, "clicks + 1", base.actions(), base.scope()))
                .errors()
                .get(0)
                .message())
        .contains("expected type 'bool'");
  }

  @Test
  void aScopeConditionIsTypeCheckedOverCampaignFields() {
    Rule r =
        RuleFixtures.with(
            base, base.condition(), base.actions(), RuleScope.matching("campaign.tagz == 1"));
    RuleValidationException e = refused(r);
    assertThat(e.errors()).extracting(FieldError::field).containsExactly("scope.condition");
    assertThat(e.positions()).containsKey("scope.condition");
    assertThat(
            compiler.compile(
                RuleFixtures.with(
                    base,
                    base.condition(),
                    base.actions(),
                    RuleScope.matching(
                        "\"sale\" in campaign.tags && campaign.currency == \"EUR\""))))
        .isNotNull();
  }

  @Test
  void aRuleWhoseOwnLimitsBreakAGuardrailIsRefusedAtSave() {
    Rule tooHigh =
        RuleFixtures.with(
            base,
            base.condition(),
            List.of(
                RuleAction.Change.campaign(
                    new Operation.ChangeDiscount(
                        Adjust.ADD, new BigDecimal("5"), null, new BigDecimal("80")))),
            base.scope());
    assertThat(refused(tooHigh).errors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.field()).isEqualTo("actions[0].max");
              assertThat(f.message()).contains("(max_discount_percent) of 70: 80");
            });
    Rule bigStep =
        RuleFixtures.with(
            base,
            base.condition(),
            List.of(
                RuleAction.Change.campaign(
                    new Operation.ChangeDiscount(Adjust.ADD, new BigDecimal("15"), null, null))),
            base.scope());
    assertThat(fields(bigStep)).containsExactly("actions[0].amount");
    Rule bigBid =
        RuleFixtures.with(
            base,
            base.condition(),
            List.of(
                RuleAction.Change.ads(
                    new Operation.ChangeBid(new BigDecimal("80"), null, new BigDecimal("5000")))),
            base.scope().withAds(null));
    assertThat(fields(bigBid)).containsExactly("actions[0].percent", "actions[0].max");
    Rule longExtension =
        RuleFixtures.with(
            base,
            base.condition(),
            List.of(RuleAction.Change.campaign(new Operation.ExtendEnd(Duration.ofDays(10), null))),
            base.scope());
    assertThat(fields(longExtension)).containsExactly("actions[0].by");
  }

  @Test
  void everyBrokenFieldIsReportedAtOnce() {
    Rule r =
        new Rule(
            " ",
            0,
            "",
            true,
            new RuleScope(Set.of(), null, Set.of(), false, "ad.ctr < 1"),
            "2m",
            "cvr <",
            MinimumSample.NONE,
            new RuleTrigger.Cron("61 * * * *", ZoneId.of("Europe/Rome")),
            Duration.ofDays(40),
            0,
            List.of(
                RuleAction.Change.campaign(new Operation.ChangeBid(BigDecimal.ONE, null, null)),
                new RuleAction.Notify(URI.create("ftp://x"))),
            RuleMode.REQUIRE_APPROVAL,
            Duration.ofSeconds(10),
            null,
            null);
    assertThat(fields(r))
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "window",
            "condition",
            "scope",
            "scope.ad_condition",
            "trigger.cron",
            "cooldown",
            "max_actions_per_day",
            "actions[0].target",
            "actions[1].url",
            "approval_ttl");
  }

  @Test
  void adActionsNeedAdsInScope() {
    Rule r =
        RuleFixtures.with(
            base,
            base.condition(),
            List.of(RuleAction.Change.ads(new Operation.Pause())),
            base.scope());
    assertThat(refused(r).errors().get(0).message()).contains("needs scope.ads: true");
  }

  @Test
  void triggerIntervalsHaveBounds() {
    assertThat(
            fields(
                RuleFixtures.with(
                    base, new RuleTrigger.Every(Duration.ofSeconds(30)), base.cooldown(), 3)))
        .containsExactly("trigger.interval");
    assertThat(
            fields(
                RuleFixtures.with(
                    base, new RuleTrigger.OnKpiChange(Duration.ofMillis(100)), base.cooldown(), 3)))
        .containsExactly("trigger.min_interval");
  }
}
