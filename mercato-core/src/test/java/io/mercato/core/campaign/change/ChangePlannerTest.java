package io.mercato.core.campaign.change;

import static io.mercato.core.campaign.change.MemoryCampaigns.T0;
import static io.mercato.core.campaign.change.MemoryCampaigns.newAd;
import static io.mercato.core.campaign.change.MemoryCampaigns.newCampaign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.error.ValidationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangePlannerTest {
  static final Actor RULE = Actor.rule("low-cvr", 2);
  static final Actor ALICE = Actor.person("alice");
  static final Provenance WHY = Provenance.because("test");

  final MemoryCampaigns store =
      new MemoryCampaigns()
          .put(newCampaign("c1"))
          .put(newCampaign("c2"))
          .put(newAd("a1", "c1", "0.40"));
  final ChangePlanner planner = new ChangePlanner(Guardrails.defaults());

  ChangePlan plan(EntityRef target, Operation op, Actor actor) {
    return planner.plan(new Adjustment(target, op), actor, WHY, store.context(T0));
  }

  static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  CampaignChange only(ChangePlan p) {
    assertThat(p.changes()).hasSize(1);
    return p.changes().get(0);
  }

  @Test
  void pauseAndResumeACampaign() {
    CampaignChange pause = only(plan(EntityRef.campaign("c1"), new Operation.Pause(), ALICE));
    assertThat(pause.field()).isEqualTo(ChangeField.STATUS);
    assertThat(pause.before()).isEqualTo("active");
    assertThat(pause.after()).isEqualTo("paused");
    assertThat(pause.actor()).isEqualTo(ALICE);
    store.commit(List.of(pause), T0);
    assertThat(store.campaign("c1").status()).isEqualTo(CampaignStatus.PAUSED);
    assertThat(plan(EntityRef.campaign("c1"), new Operation.Pause(), ALICE).isEmpty())
        .as("already paused")
        .isTrue();
    CampaignChange resume = only(plan(EntityRef.campaign("c1"), new Operation.Resume(), ALICE));
    assertThat(resume.after()).isEqualTo("active");
  }

  @Test
  void resumingAnEndedCampaignIsRefusedForAPersonAndANoteForARule() {
    Campaign c = newCampaign("c1");
    store.put(FieldValues.with(c, ChangeField.STATUS, "ended", 0));
    assertThatThrownBy(() -> plan(EntityRef.campaign("c1"), new Operation.Resume(), ALICE))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("status: campaign c1 is ended");
    ChangePlan p = plan(EntityRef.campaign("c1"), new Operation.Resume(), RULE);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.notes())
        .singleElement()
        .asString()
        .contains("only a paused campaign can be resumed");
  }

  @Test
  void pauseAndResumeAnAd() {
    CampaignChange pause = only(plan(EntityRef.ad("a1"), new Operation.Pause(), RULE));
    assertThat(pause.entity()).isEqualTo(EntityRef.ad("a1"));
    assertThat(pause.campaignId()).isEqualTo("c1");
    assertThat(pause.after()).isEqualTo("paused");
    store.commit(List.of(pause), T0);
    assertThat(only(plan(EntityRef.ad("a1"), new Operation.Resume(), RULE)).after())
        .isEqualTo("active");
  }

  @Test
  void extendMovesTheEndUpToTheActionsCeiling() {
    Instant end = newCampaign("c1").end();
    CampaignChange day =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ExtendEnd(Duration.ofDays(1), null),
                ALICE));
    assertThat(day.after()).isEqualTo(end.plus(Duration.ofDays(1)).toString());
    Instant ceiling = end.plus(Duration.ofHours(6));
    CampaignChange capped =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ExtendEnd(Duration.ofDays(1), ceiling),
                RULE));
    assertThat(capped.after()).isEqualTo(ceiling.toString());
    assertThat(capped.clamped()).isTrue();
    assertThat(capped.clampNote()).contains("action's ceiling");
  }

  @Test
  void aRuleExtensionIsClampedToTheMostPerRunAndTheEndDateCeiling() {
    CampaignChange perRun =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ExtendEnd(Duration.ofDays(30), null),
                RULE));
    assertThat(Instant.parse(perRun.after()))
        .isEqualTo(newCampaign("c1").end().plus(Duration.ofDays(7)));
    assertThat(perRun.clampNote()).contains("max_extension_per_run");
    // 366 days after the start is the hard ceiling: a campaign ending one day before it gets one
    // day
    Campaign c = newCampaign("c1");
    Instant nearCeiling = c.start().plus(Duration.ofDays(365));
    store.put(FieldValues.with(c, ChangeField.END, nearCeiling.toString(), 0));
    CampaignChange hard =
        only(
            plan(
                EntityRef.campaign("c1"), new Operation.ExtendEnd(Duration.ofDays(5), null), RULE));
    assertThat(Instant.parse(hard.after())).isEqualTo(c.start().plus(Duration.ofDays(366)));
    assertThat(hard.clampNote()).contains("end-date ceiling");
  }

  @Test
  void aPersonExtendingPastTheEndDateCeilingIsRefused() {
    assertThatThrownBy(
            () ->
                plan(
                    EntityRef.campaign("c1"),
                    new Operation.ExtendEnd(Duration.ofDays(400), null),
                    ALICE))
        .isInstanceOf(GuardrailViolationException.class)
        .hasMessageContaining("end: would be")
        .hasMessageContaining("end-date ceiling");
  }

  @Test
  void setAndChangeTheDiscountAbsoluteByPointsOrByPercent() {
    assertThat(
            only(plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDiscount(Adjust.SET, d("15"), null, null),
                    ALICE))
                .after())
        .isEqualTo("percent:15");
    assertThat(
            only(plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDiscount(Adjust.ADD, d("5"), null, null),
                    ALICE))
                .after())
        .isEqualTo("percent:15");
    assertThat(
            only(plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDiscount(Adjust.PERCENT, d("-20"), null, null),
                    ALICE))
                .after())
        .isEqualTo("percent:8");
  }

  @Test
  void aDiscountChangeStaysWithinTheActionsMinAndMax() {
    CampaignChange c =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ChangeDiscount(Adjust.ADD, d("5"), null, d("12")),
                RULE));
    assertThat(c.after()).isEqualTo("percent:12");
    assertThat(c.clamped()).isTrue();
    assertThat(c.clampNote()).contains("action's max 12");
  }

  @Test
  void aRuleDiscountChangeIsClampedToTheMostPointsPerRunAndTheHighestDiscount() {
    CampaignChange perRun =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ChangeDiscount(Adjust.SET, d("40"), null, null),
                RULE));
    assertThat(perRun.after()).isEqualTo("percent:20");
    assertThat(perRun.clampNote()).contains("max_discount_points_per_run");
    store.put(FieldValues.with(newCampaign("c1"), ChangeField.DISCOUNT, "percent:65", 0));
    CampaignChange hard =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ChangeDiscount(Adjust.ADD, d("10"), null, null),
                RULE));
    assertThat(hard.after()).isEqualTo("percent:70");
    assertThat(hard.clampNote()).contains("max_discount_percent");
  }

  @Test
  void aClampNeverTurnsAChangeAround() {
    store.put(
        FieldValues.with(
            newCampaign("c1"),
            ChangeField.DISCOUNT,
            "percent:80",
            0)); // set before a stricter guardrail
    ChangePlan p =
        plan(
            EntityRef.campaign("c1"),
            new Operation.ChangeDiscount(Adjust.ADD, d("5"), null, null),
            RULE);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.notes()).anyMatch(n -> n.contains("stays percent:80"));
  }

  @Test
  void aPersonSettingADiscountAboveTheGuardrailIsRefused() {
    assertThatThrownBy(
            () ->
                plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDiscount(Adjust.SET, d("90"), null, null),
                    ALICE))
        .isInstanceOf(GuardrailViolationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).errors().get(0).field()).isEqualTo("discount"))
        .hasMessageContaining("max_discount_percent");
  }

  @Test
  void changeAnAdsBidByAPercentageWithinBounds() {
    CampaignChange up =
        only(plan(EntityRef.ad("a1"), new Operation.ChangeBid(d("10"), null, null), ALICE));
    assertThat(up.field()).isEqualTo(ChangeField.BID);
    assertThat(up.before()).isEqualTo("0.4");
    assertThat(up.after()).isEqualTo("0.44");
    CampaignChange bounded =
        only(plan(EntityRef.ad("a1"), new Operation.ChangeBid(d("-50"), d("0.3"), null), RULE));
    assertThat(bounded.after()).isEqualTo("0.3");
    assertThat(bounded.clampNote()).contains("action's min 0.3");
  }

  @Test
  void aRuleBidChangeIsClampedToTheMostPercentPerRun() {
    CampaignChange c =
        only(plan(EntityRef.ad("a1"), new Operation.ChangeBid(d("200"), null, null), RULE));
    assertThat(c.after()).isEqualTo("0.6");
    assertThat(c.clampNote()).contains("max_change_percent_per_run");
  }

  @Test
  void setAndChangeTheDailyBudgetNeverAboveTheTotal() {
    assertThat(
            only(plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDailyBudget(Adjust.SET, d("800"), null, null),
                    ALICE))
                .after())
        .isEqualTo("800");
    assertThat(
            only(plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDailyBudget(Adjust.PERCENT, d("20"), null, d("550")),
                    RULE))
                .after())
        .isEqualTo("550");
    assertThatThrownBy(
            () ->
                plan(
                    EntityRef.campaign("c1"),
                    new Operation.ChangeDailyBudget(Adjust.SET, d("20000"), null, null),
                    ALICE))
        .isInstanceOf(GuardrailViolationException.class)
        .hasMessageContaining("total budget");
  }

  @Test
  void aRuleDailyBudgetChangeIsClampedToTheMostPerRun() {
    CampaignChange c =
        only(
            plan(
                EntityRef.campaign("c1"),
                new Operation.ChangeDailyBudget(Adjust.ADD, d("1000"), null, null),
                RULE));
    assertThat(c.after()).isEqualTo("750");
    assertThat(c.clampNote()).contains("max_change_percent_per_run");
  }

  @Test
  void aBudgetMoveConservesTheTotal() {
    ChangePlan p = plan(EntityRef.campaign("c1"), new Operation.MoveBudget("c2", d("1000")), ALICE);
    assertThat(p.changes())
        .extracting(CampaignChange::field)
        .containsOnly(ChangeField.TOTAL_BUDGET);
    assertThat(p.changes()).extracting(CampaignChange::after).containsExactly("9000", "11000");
    Committed done = store.commit(p.changes(), T0);
    assertThat(done.entries())
        .extracting(AuditEntry::batchId)
        .containsOnly(done.entries().get(0).id());
    BigDecimal sum = store.campaign("c1").totalBudget().add(store.campaign("c2").totalBudget());
    assertThat(sum).isEqualByComparingTo("20000");
  }

  @Test
  void aBudgetMoveNeverTakesTheSourceBelowItsSpendOrDailyBudget() {
    Map<String, BigDecimal> spent = Map.of("c1", d("9200"));
    ChangePlanner p = planner;
    assertThatThrownBy(
            () ->
                p.plan(
                    new Adjustment(
                        EntityRef.campaign("c1"), new Operation.MoveBudget("c2", d("1000"))),
                    ALICE,
                    WHY,
                    store.context(T0, spent)))
        .isInstanceOf(GuardrailViolationException.class)
        .hasMessageContaining("at most 800 can move");
    ChangePlan rule =
        p.plan(
            new Adjustment(EntityRef.campaign("c1"), new Operation.MoveBudget("c2", d("1000"))),
            RULE,
            WHY,
            store.context(T0, spent));
    assertThat(rule.changes())
        .extracting(CampaignChange::after)
        .containsExactly("9600", "10400"); // half of 800
    assertThat(rule.changes().get(0).clampNote()).contains("max_move_percent_per_run");
  }

  @Test
  void aBudgetMoveBetweenCurrenciesOrToAnUnknownCampaignIsRefused() {
    Campaign usd =
        new Campaign(
            "usd",
            "USD",
            newCampaign("c1").start(),
            newCampaign("c1").end(),
            newCampaign("c1").timeZone(),
            CampaignStatus.ACTIVE,
            "USD",
            d("100"),
            d("10"),
            null,
            null,
            null,
            null,
            0);
    store.put(usd);
    assertThatThrownBy(
            () -> plan(EntityRef.campaign("c1"), new Operation.MoveBudget("usd", d("10")), ALICE))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("between currencies");
    assertThatThrownBy(
            () -> plan(EntityRef.campaign("c1"), new Operation.MoveBudget("ghost", d("10")), ALICE))
        .isInstanceOf(UnknownEntityException.class)
        .hasMessageContaining("ghost");
    assertThat(
            plan(EntityRef.campaign("c1"), new Operation.MoveBudget("ghost", d("10")), RULE)
                .isEmpty())
        .isTrue();
  }

  @Test
  void aCommitRefusesAChangePlannedFromAValueThatChangedAndAppliesNothing() {
    ChangePlan p = plan(EntityRef.campaign("c1"), new Operation.MoveBudget("c2", d("1000")), ALICE);
    store.put(FieldValues.with(store.campaign("c2"), ChangeField.TOTAL_BUDGET, "12000", 0));
    assertThatThrownBy(() -> store.commit(p.changes(), T0))
        .isInstanceOf(StaleChangeException.class)
        .hasMessageContaining("total_budget of campaign c2 changed since the change was planned");
    assertThat(store.campaign("c1").totalBudget()).isEqualByComparingTo("10000");
    assertThat(store.entries()).isEmpty();
  }

  @Test
  void aChangeToAnUnknownEntityIsRefused() {
    assertThatThrownBy(() -> plan(EntityRef.campaign("ghost"), new Operation.Pause(), ALICE))
        .isInstanceOf(UnknownEntityException.class)
        .hasMessage("there is no campaign \"ghost\"");
    assertThatThrownBy(
            () ->
                new Adjustment(
                    EntityRef.campaign("c1"), new Operation.ChangeBid(d("5"), null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("change_bid does not apply to a campaign");
  }
}
