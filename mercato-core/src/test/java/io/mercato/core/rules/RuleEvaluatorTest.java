package io.mercato.core.rules;

import static io.mercato.core.campaign.change.MemoryCampaigns.T0;
import static io.mercato.core.campaign.change.MemoryCampaigns.newCampaign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.FieldValues;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.MemoryCampaigns;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.campaign.change.StaleChangeException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {
  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final InstantSource clock = () -> now.get();
  final MemoryCampaigns store = new MemoryCampaigns().put(newCampaign("c1")).put(newCampaign("c2"));
  final CampaignChanges changes =
      new CampaignChanges(new ChangePlanner(Guardrails.defaults()), store, clock);
  final RuleFixtures.Store rules = new RuleFixtures.Store();
  final RuleFixtures.Runs runs = new RuleFixtures.Runs();
  final RuleFixtures.Approvals pending = new RuleFixtures.Approvals();
  final Approvals approvals = new Approvals(pending, changes, clock);
  final List<String> webhook = new ArrayList<>();
  final AtomicReference<Delivery> delivery = new AtomicReference<>(new Delivery(true, 1, 204, ""));
  final RuleNotifier notifier =
      new RuleNotifier(
          (url, body) -> {
            webhook.add(new String(body, StandardCharsets.UTF_8));
            return delivery.get();
          },
          store,
          clock);
  final RuleCompiler compiler = new RuleCompiler(RuleFixtures.WINDOWS, Guardrails.defaults());
  final RuleService service = new RuleService(compiler, rules, clock);
  final RuleEvaluator evaluator =
      new RuleEvaluator(rules, runs, changes, approvals, compiler, notifier, clock);
  final RuleFixtures.Kpis kpis =
      new RuleFixtures.Kpis(clock).set("c1", 10_000, 200, 2); // CVR 1%, 200 clicks

  RuleSaveResult save(Rule r) {
    return service.save(r, rules.versions(r.id()).size(), "marketer", store.campaigns());
  }

  CycleReport cycle() {
    return evaluator.runCycle(store, kpis);
  }

  void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  BigDecimal discount(String id) {
    return store.campaign(id).discount().value();
  }

  @Test
  void autoModeAppliesTheChangeAndTheRunAndAuditNameTheRuleVersion() {
    save(RuleFixtures.lowCvr(RuleMode.AUTO));
    CycleReport r = cycle();
    assertThat(discount("c1")).isEqualByComparingTo("15");
    assertThat(r.runs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.rule()).hasToString("low-cvr@1");
              assertThat(run.outcome()).isEqualTo(RunOutcome.APPLIED);
              assertThat(run.kpis().values())
                  .containsEntry("cvr", 0.01)
                  .containsEntry("clicks", 200L);
              assertThat(run.kpis().watermark()).isEqualTo(kpis.watermark);
            });
    AuditEntry e = store.entries().get(0);
    assertThat(e.outcome()).isEqualTo(AuditOutcome.APPLIED);
    assertThat(e.change().actor().name()).isEqualTo("low-cvr@1");
    assertThat(e.change().before()).isEqualTo("percent:10");
    assertThat(e.change().after()).isEqualTo("percent:15");
    assertThat(e.change().kpis().window()).isEqualTo("10m");
    assertThat(r.applied())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.campaigns())
                    .singleElement()
                    .satisfies(k -> assertThat(k.discount().value()).isEqualByComparingTo("15")));
  }

  @Test
  void dryRunAuditsWhatWouldHappenAndChangesNothing() {
    save(RuleFixtures.lowCvr(RuleMode.DRY_RUN));
    assertThat(cycle().runs()).extracting(RuleRun::outcome).containsExactly(RunOutcome.DRY_RUN);
    assertThat(discount("c1")).isEqualByComparingTo("10");
    assertThat(store.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(AuditOutcome.DRY_RUN);
              assertThat(e.change().after()).isEqualTo("percent:15");
            });
  }

  @Test
  void notifyOnlyProposesTheChangeNotifiesTheWebhookAndAuditsTheDelivery() {
    Rule r = RuleFixtures.lowCvr(RuleMode.NOTIFY_ONLY);
    List<RuleAction> actions = new ArrayList<>(r.actions());
    actions.add(new RuleAction.Notify(URI.create("https://hooks.example/rules")));
    save(RuleFixtures.with(r, r.condition(), actions, r.scope()));
    cycle();
    assertThat(discount("c1")).isEqualByComparingTo("10");
    assertThat(store.entries())
        .extracting(AuditEntry::outcome)
        .containsExactly(AuditOutcome.PROPOSED, AuditOutcome.NOTIFIED);
    assertThat(store.entries().get(1).change().after())
        .isEqualTo("delivered to https://hooks.example/rules (HTTP 204) after 1 attempt");
    assertThat(webhook)
        .singleElement()
        .asString()
        .contains("\"rule\":\"low-cvr@1\"")
        .contains("\"outcome\":\"proposed\"")
        .contains("\"after\":\"percent:15\"")
        .contains("\"cvr\":0.01");
  }

  @Test
  void aFailedWebhookIsAuditedAsSuch() {
    delivery.set(new Delivery(false, 3, 503, "HTTP 503"));
    Rule r = RuleFixtures.lowCvr(RuleMode.AUTO);
    save(
        RuleFixtures.with(
            r,
            r.condition(),
            List.of(new RuleAction.Notify(URI.create("https://hooks.example/x"))),
            r.scope()));
    assertThat(cycle().runs())
        .extracting(RuleRun::outcome)
        .containsExactly(RunOutcome.NOTHING_TO_CHANGE);
    assertThat(store.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(AuditOutcome.NOTIFY_FAILED);
              assertThat(e.change().field()).isEqualTo(ChangeField.NOTIFICATION);
              assertThat(e.change().after()).contains("after 3 attempts: HTTP 503");
            });
  }

  @Test
  void requireApprovalWaitsForAPersonWhoseApprovalAppliesItOnce() {
    save(RuleFixtures.lowCvr(RuleMode.REQUIRE_APPROVAL));
    RuleRun run = cycle().runs().get(0);
    assertThat(run.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUESTED);
    assertThat(discount("c1")).isEqualByComparingTo("10");
    var committed = approvals.approve(run.approvalId(), Actor.person("alice"));
    assertThat(discount("c1")).isEqualByComparingTo("15");
    CampaignChange applied = committed.entries().get(0).change();
    assertThat(applied.actor().name()).isEqualTo("alice");
    assertThat(applied.actor().ruleId()).isEqualTo("low-cvr");
    assertThat(applied.reason()).contains("approved by alice");
    assertThatThrownBy(() -> approvals.approve(run.approvalId(), Actor.person("bob")))
        .isInstanceOf(ApprovalClosedException.class)
        .hasMessageContaining("is approved");
    assertThat(discount("c1")).isEqualByComparingTo("15");
  }

  @Test
  void anApprovalExpiresWhenNobodyDecidesInTime() {
    save(RuleFixtures.lowCvr(RuleMode.REQUIRE_APPROVAL));
    long id = cycle().runs().get(0).approvalId();
    advance(Duration.ofMinutes(61));
    CycleReport r = cycle();
    assertThat(r.expired()).extracting(PendingApproval::id).containsExactly(id);
    assertThat(pending.get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(store.entries()).extracting(AuditEntry::outcome).contains(AuditOutcome.EXPIRED);
    assertThatThrownBy(() -> approvals.approve(id, Actor.person("alice")))
        .isInstanceOf(ApprovalClosedException.class)
        .hasMessageContaining("is expired");
    assertThat(discount("c1")).isEqualByComparingTo("10");
  }

  @Test
  void aRejectedApprovalChangesNothingAndIsAudited() {
    save(RuleFixtures.lowCvr(RuleMode.REQUIRE_APPROVAL));
    long id = cycle().runs().get(0).approvalId();
    approvals.reject(id, Actor.person("bob"), "too generous");
    assertThat(discount("c1")).isEqualByComparingTo("10");
    assertThat(store.entries().get(store.entries().size() - 1).change().reason())
        .contains("rejected by bob: too generous");
  }

  @Test
  void anApprovalOfAChangeWhoseValueMovedSinceIsRefusedAsStale() {
    save(RuleFixtures.lowCvr(RuleMode.REQUIRE_APPROVAL));
    long id = cycle().runs().get(0).approvalId();
    store.put(FieldValues.with(store.campaign("c1"), ChangeField.DISCOUNT, "percent:12", 0));
    assertThatThrownBy(() -> approvals.approve(id, Actor.person("alice")))
        .isInstanceOf(StaleChangeException.class);
    assertThat(pending.get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.STALE);
    assertThat(discount("c1")).isEqualByComparingTo("12");
  }

  @Test
  void aRuleDoesNotActBelowItsMinimumSample() {
    kpis.set("c1", 10_000, 99, 0);
    save(RuleFixtures.lowCvr(RuleMode.AUTO));
    CycleReport r = cycle();
    assertThat(r.belowSample()).isEqualTo(1);
    assertThat(r.runs()).isEmpty();
    assertThat(discount("c1")).isEqualByComparingTo("10");
  }

  @Test
  void theCooldownHoldsBackTheNextActionOnTheSameCampaign() {
    save(RuleFixtures.lowCvr(RuleMode.AUTO)); // every 5 minutes, cooldown 30 minutes
    cycle();
    advance(Duration.ofMinutes(5));
    assertThat(cycle().coolingDown()).isEqualTo(1);
    assertThat(discount("c1")).isEqualByComparingTo("15");
    advance(Duration.ofMinutes(25));
    cycle();
    assertThat(discount("c1")).isEqualByComparingTo("20");
  }

  @Test
  void theDailyMaximumStopsARuleUntilTheCampaignsNextDay() {
    Rule r =
        RuleFixtures.with(
            RuleFixtures.lowCvr(RuleMode.AUTO),
            new RuleTrigger.Every(Duration.ofMinutes(5)),
            Duration.ZERO,
            2);
    save(r);
    for (int i = 0; i < 3; i++) {
      cycle();
      advance(Duration.ofMinutes(5));
    }
    assertThat(discount("c1")).isEqualByComparingTo("20");
    assertThat(cycle().atDailyMaximum()).isEqualTo(1);
    now.set(Instant.parse("2026-11-25T00:01:00Z")); // the campaign's zone is UTC
    cycle();
    assertThat(discount("c1")).isEqualByComparingTo("25");
  }

  @Test
  void aRestartedEvaluatorRemembersCooldownsFromTheRunLog() {
    save(RuleFixtures.lowCvr(RuleMode.AUTO));
    cycle();
    RuleEvaluator restarted =
        new RuleEvaluator(rules, runs, changes, approvals, compiler, notifier, clock);
    advance(Duration.ofMinutes(10));
    assertThat(restarted.runCycle(store, kpis).coolingDown()).isEqualTo(1);
    assertThat(discount("c1")).isEqualByComparingTo("15");
  }

  @Test
  void aClampedRunIsAuditedWithItsClamp() {
    store.put(FieldValues.with(store.campaign("c1"), ChangeField.DISCOUNT, "percent:28", 0));
    save(RuleFixtures.lowCvr(RuleMode.AUTO)); // +5 up to 30
    cycle();
    assertThat(discount("c1")).isEqualByComparingTo("30");
    CampaignChange c = store.entries().get(0).change();
    assertThat(c.clamped()).isTrue();
    assertThat(c.clampNote()).contains("action's max 30");
  }

  @Test
  void anEditIsANewVersionTheOldStaysReadableAndRunsNameTheNewOne() {
    save(RuleFixtures.lowCvr(RuleMode.AUTO));
    Rule edit =
        RuleFixtures.with(
            rules.latest("low-cvr").orElseThrow(),
            "cvr < 0.05",
            List.of(
                RuleAction.Change.campaign(
                    new Operation.ChangeDiscount(Adjust.ADD, BigDecimal.ONE, null, null))),
            RuleScope.campaigns("c1"));
    RuleSaveResult saved = service.save(edit, 1, "marketer", store.campaigns());
    assertThat(saved.rule().version()).isEqualTo(2);
    assertThat(rules.versions("low-cvr"))
        .extracting(Rule::condition)
        .containsExactly("cvr < 0.02", "cvr < 0.05");
    assertThat(rules.version("low-cvr", 1).orElseThrow().condition()).isEqualTo("cvr < 0.02");
    assertThat(cycle().runs())
        .extracting(run -> run.rule().toString())
        .containsExactly("low-cvr@2");
    assertThat(discount("c1")).isEqualByComparingTo("11");
    assertThatThrownBy(() -> service.save(edit, 1, "someone", store.campaigns()))
        .isInstanceOf(StaleRuleVersionException.class)
        .hasMessageContaining("is at version 2");
  }

  @Test
  void twoEnabledRulesPushingTheSameFieldTheOtherWayAreFlaggedAtSave() {
    save(RuleFixtures.lowCvr(RuleMode.AUTO));
    Rule lower =
        RuleFixtures.with(
            RuleFixtures.lowCvr(RuleMode.AUTO),
            "cvr > 0.05",
            List.of(
                RuleAction.Change.campaign(
                    new Operation.ChangeDiscount(
                        Adjust.ADD, new BigDecimal("-5"), new BigDecimal("5"), null))),
            RuleScope.matching("\"sale\" in campaign.tags"));
    lower =
        new Rule(
            "high-cvr",
            0,
            "Lower discount on high CVR",
            true,
            lower.scope(),
            "10m",
            lower.condition(),
            lower.minSample(),
            lower.trigger(),
            lower.cooldown(),
            3,
            lower.actions(),
            RuleMode.AUTO,
            null,
            null,
            null);
    RuleSaveResult r = save(lower);
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.other()).hasToString("low-cvr@1");
              assertThat(c.field()).isEqualTo("discount");
              assertThat(c.campaignIds()).containsExactly("c1");
            });
    assertThat(save(lower.withEnabled(false)).conflicts())
        .as("a disabled rule pushes nothing")
        .isEmpty();
  }

  @Test
  void aRateConditionWithoutMinimumSampleIsWarned() {
    Rule r = RuleFixtures.lowCvr(RuleMode.AUTO);
    r =
        new Rule(
            r.id(),
            0,
            r.name(),
            true,
            r.scope(),
            r.window(),
            r.condition(),
            MinimumSample.NONE,
            r.trigger(),
            r.cooldown(),
            3,
            r.actions(),
            r.mode(),
            null,
            null,
            null);
    assertThat(save(r).warnings()).anyMatch(w -> w.contains("may act on noise"));
  }

  @Test
  void anOnKpiChangeRuleLooksAgainOnlyWhenTheKpisChanged() {
    save(
        RuleFixtures.with(
            RuleFixtures.lowCvr(RuleMode.DRY_RUN),
            new RuleTrigger.OnKpiChange(Duration.ofSeconds(5)),
            Duration.ZERO,
            100));
    assertThat(cycle().runs()).hasSize(1);
    kpis.set("c1", 10_500, 210, 2);
    advance(Duration.ofSeconds(1));
    assertThat(cycle().checked()).as("changed, but within 5 s of the last look").isZero();
    advance(Duration.ofSeconds(5));
    assertThat(cycle().runs()).hasSize(1);
    advance(Duration.ofSeconds(10));
    assertThat(cycle().checked()).as("same KPIs").isZero();
  }

  @Test
  void aCronRuleRunsAtItsTimesInItsZone() {
    // 13:00 in Rome is 12:00 UTC: T0 is 12:00 UTC
    now.set(T0.minus(Duration.ofMinutes(2)));
    RuleEvaluator started =
        new RuleEvaluator(rules, runs, changes, approvals, compiler, notifier, clock);
    save(
        RuleFixtures.with(
            RuleFixtures.lowCvr(RuleMode.DRY_RUN),
            new RuleTrigger.Cron("0 13 * * *", ZoneId.of("Europe/Rome")),
            Duration.ZERO,
            100));
    assertThat(started.runCycle(store, kpis).rules()).isZero();
    now.set(T0.plusSeconds(20));
    assertThat(started.runCycle(store, kpis).runs()).hasSize(1);
    advance(Duration.ofMinutes(1));
    assertThat(started.runCycle(store, kpis).rules()).isZero();
  }

  @Test
  void aConditionThatCannotBeEvaluatedIsRecordedOnceAsAFailure() {
    Rule r = RuleFixtures.lowCvr(RuleMode.AUTO);
    save(
        RuleFixtures.with(
            RuleFixtures.with(r, "goal_share[\"revenue\"] < 0.5", r.actions(), r.scope()),
            new RuleTrigger.Every(Duration.ofMinutes(1)),
            Duration.ZERO,
            5));
    assertThat(cycle().runs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
              assertThat(run.detail()).contains("could not be evaluated");
            });
    advance(Duration.ofMinutes(1));
    assertThat(cycle().runs()).isEmpty();
  }

  @Test
  void aBudgetMoveByARuleConservesTheTotalAndTheAuditIsQueryableByRuleAndCampaign() {
    Rule r = RuleFixtures.lowCvr(RuleMode.AUTO);
    save(
        RuleFixtures.with(
            r,
            r.condition(),
            List.of(
                RuleAction.Change.campaign(new Operation.MoveBudget("c2", new BigDecimal("1000")))),
            r.scope()));
    cycle();
    assertThat(store.campaign("c1").totalBudget().add(store.campaign("c2").totalBudget()))
        .isEqualByComparingTo("20000");
    assertThat(store.campaign("c2").totalBudget()).isEqualByComparingTo("11000");
    assertThat(store.query(new AuditQuery("c2", "low-cvr", null, null, 10)).entries()).hasSize(1);
    assertThat(store.query(new AuditQuery(null, "other", null, null, 10)).entries()).isEmpty();
  }

  @Test
  void aPreviewOfAnUnsavedRuleShowsWhatItWouldDoAndChangesNothing() {
    kpis.set("c2", 5_000, 10, 0);
    Rule draft =
        RuleFixtures.with(
            RuleFixtures.lowCvr(RuleMode.AUTO),
            "cvr < 0.02",
            RuleFixtures.lowCvr(RuleMode.AUTO).actions(),
            RuleScope.matching("true"));
    List<CampaignDecision> p =
        new RulePreview(compiler, changes.planner()).preview(draft, store, kpis, clock);
    assertThat(p).extracting(CampaignDecision::campaignId).containsExactly("c1", "c2");
    assertThat(p.get(0).matched()).isTrue();
    assertThat(p.get(0).rule()).isEqualTo("low-cvr@draft");
    assertThat(p.get(0).plan().changes())
        .extracting(CampaignChange::after)
        .containsExactly("percent:15");
    assertThat(p.get(1).sampleMet()).isFalse();
    assertThat(p.get(1).plan().notes()).singleElement().asString().contains("10/100 clicks");
    assertThat(store.entries()).isEmpty();
    assertThat(discount("c1")).isEqualByComparingTo("10");
  }

  @Test
  void aRuleHeldAtItsLimitRecordsThatNothingChangesOnceNotEveryCheck() {
    store.put(FieldValues.with(store.campaign("c1"), ChangeField.DISCOUNT, "percent:30", 0));
    save(
        RuleFixtures.with(
            RuleFixtures.lowCvr(RuleMode.AUTO),
            new RuleTrigger.Every(Duration.ofMinutes(1)),
            Duration.ZERO,
            5));
    assertThat(cycle().runs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.outcome()).isEqualTo(RunOutcome.NOTHING_TO_CHANGE);
              assertThat(run.detail()).contains("already percent:30");
            });
    for (int i = 0; i < 3; i++) {
      advance(Duration.ofMinutes(1));
      assertThat(cycle().runs()).isEmpty();
    }
    assertThat(runs.runs).hasSize(1);
    assertThat(store.entries()).isEmpty();
  }

  @Test
  void rulesNeverTouchDraftOrEndedCampaigns() {
    store.put(FieldValues.with(store.campaign("c1"), ChangeField.STATUS, "ended", 0));
    save(RuleFixtures.lowCvr(RuleMode.AUTO));
    CycleReport r = cycle();
    assertThat(r.checked()).isZero();
    assertThat(store.entries()).isEmpty();
  }
}
