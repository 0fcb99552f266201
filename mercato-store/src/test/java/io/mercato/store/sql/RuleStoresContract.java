package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.KpiSnapshot;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.rules.ApprovalStatus;
import io.mercato.core.rules.ApprovalStore;
import io.mercato.core.rules.MinimumSample;
import io.mercato.core.rules.PendingApproval;
import io.mercato.core.rules.Rule;
import io.mercato.core.rules.RuleAction;
import io.mercato.core.rules.RuleMode;
import io.mercato.core.rules.RuleRef;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RuleRunLog;
import io.mercato.core.rules.RuleScope;
import io.mercato.core.rules.RuleStore;
import io.mercato.core.rules.RuleTrigger;
import io.mercato.core.rules.RunOutcome;
import io.mercato.core.rules.StaleRuleVersionException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the relational rule stores must do on each database ({@code H2RuleStoresTest},
 * {@code PostgresRuleStoresIT}): versions round-trip whole and are never replaced, runs and approvals
 * are kept and queried, and an approval is decided once.
 */
abstract class RuleStoresContract {
  static final Instant T = Instant.parse("2026-03-10T12:00:00Z");

  protected Database db;
  protected RuleStore rules;
  protected RuleRunLog runs;
  protected ApprovalStore approvals;

  protected abstract Database openFresh();

  @BeforeEach
  void open() {
    db = openFresh();
    rules = new JdbcRuleStore(db);
    runs = new JdbcRuleRunLog(db);
    approvals = new JdbcApprovalStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** A rule using every kind of member. */
  static Rule everything(String id) {
    return new Rule(
        id,
        0,
        "Everything ☀",
        true,
        new RuleScope(
            Set.of("c1", "c2"), "\"sale\" in campaign.tags", Set.of("a9"), true, "ad.ctr < 0.01"),
        "10m",
        "cvr < 0.02 && clicks > 10",
        new MinimumSample(1000, 100, 2),
        new RuleTrigger.Cron("0 9 * * MON-FRI", ZoneId.of("Europe/Rome")),
        Duration.ofMinutes(30),
        4,
        List.of(
            RuleAction.Change.campaign(new Operation.Pause()),
            RuleAction.Change.ads(new Operation.Resume()),
            RuleAction.Change.campaign(
                new Operation.ExtendEnd(Duration.ofDays(1), Instant.parse("2026-12-31T00:00:00Z"))),
            RuleAction.Change.campaign(
                new Operation.ChangeDiscount(
                    Adjust.ADD, new BigDecimal("5"), new BigDecimal("1"), new BigDecimal("30.5"))),
            RuleAction.Change.ads(
                new Operation.ChangeBid(new BigDecimal("-10"), new BigDecimal("0.1"), null)),
            RuleAction.Change.campaign(
                new Operation.ChangeDailyBudget(
                    Adjust.PERCENT, new BigDecimal("20"), null, new BigDecimal("800"))),
            RuleAction.Change.campaign(new Operation.MoveBudget("c3", new BigDecimal("100"))),
            new RuleAction.Notify(URI.create("https://hooks.example/rules?x=1"))),
        RuleMode.REQUIRE_APPROVAL,
        Duration.ofHours(2),
        null,
        null);
  }

  @Test
  void aRuleVersionRoundTripsWhole() {
    Rule v1 = everything("r1").saved(1, T, "alice");
    rules.save(v1, 0);
    assertThat(rules.version("r1", 1)).contains(v1);
    assertThat(rules.latest("r1")).contains(v1);
  }

  @Test
  void anEditIsANewVersionAndOldVersionsStayReadable() {
    Rule v1 = everything("r1").saved(1, T, "alice");
    rules.save(v1, 0);
    Rule v2 = everything("r1").withEnabled(false).saved(2, T.plusSeconds(60), "bob");
    rules.save(v2, 1);
    assertThat(rules.versions("r1")).containsExactly(v1, v2);
    assertThat(rules.latest("r1")).contains(v2);
    assertThatThrownBy(() -> rules.save(everything("r1").saved(2, T, "carol"), 1))
        .isInstanceOf(StaleRuleVersionException.class)
        .hasMessageContaining("is at version 2");
    assertThat(rules.versions("r1")).hasSize(2);
    rules.save(everything("a").saved(1, T, "alice"), 0);
    assertThat(rules.latestRules())
        .extracting(Rule::ref)
        .containsExactly(new RuleRef("a", 1), new RuleRef("r1", 2));
    assertThat(rules.latest("nope")).isEmpty();
  }

  @Test
  void runsAreKeptAndPagedNewestFirst() {
    KpiSnapshot k = new KpiSnapshot("10m", T, Map.of("cvr", 0.01));
    for (int i = 0; i < 5; i++) {
      runs.append(
          new RuleRun(
              0,
              new RuleRef("r1", 1 + i % 2),
              "c" + (i % 2),
              T.plusSeconds(i),
              RunOutcome.APPLIED,
              "run " + i,
              k,
              List.of(10L + i, 20L + i),
              i == 4 ? 7L : null));
    }
    List<RuleRun> page = runs.runs("r1", 0, null, null, 2);
    assertThat(page).extracting(RuleRun::detail).containsExactly("run 4", "run 3");
    assertThat(page.get(0).auditIds()).containsExactly(14L, 24L);
    assertThat(page.get(0).approvalId()).isEqualTo(7L);
    assertThat(page.get(0).kpis()).isEqualTo(k);
    assertThat(runs.runs("r1", 0, null, page.get(1).id(), 10))
        .extracting(RuleRun::detail)
        .containsExactly("run 2", "run 1", "run 0");
    assertThat(runs.runs("r1", 2, "c1", null, 10))
        .extracting(RuleRun::detail)
        .containsExactly("run 3", "run 1");
    assertThat(runs.since(T.plusSeconds(3)))
        .extracting(RuleRun::detail)
        .containsExactly("run 3", "run 4");
  }

  @Test
  void anApprovalIsDecidedOnceAndExpiringOnesAreFound() {
    CampaignChange c =
        new CampaignChange(
            EntityRef.campaign("c1"),
            "c1",
            ChangeField.DISCOUNT,
            "percent:10",
            "percent:15",
            Actor.rule("r1", 1),
            "cvr low",
            false,
            "",
            new KpiSnapshot("10m", T, Map.of("cvr", 0.01)),
            null);
    PendingApproval a =
        approvals.create(
            new PendingApproval(
                0,
                new RuleRef("r1", 1),
                "c1",
                List.of(c),
                T,
                T.plus(Duration.ofHours(1)),
                ApprovalStatus.PENDING,
                null,
                null));
    assertThat(a.id()).isPositive();
    assertThat(approvals.get(a.id())).contains(a);
    assertThat(approvals.expiring(T.plus(Duration.ofMinutes(59)))).isEmpty();
    assertThat(approvals.expiring(T.plus(Duration.ofHours(1)))).containsExactly(a);
    assertThat(
            approvals.transition(
                a.id(), ApprovalStatus.PENDING, ApprovalStatus.APPROVED, "alice", T))
        .isTrue();
    assertThat(
            approvals.transition(a.id(), ApprovalStatus.PENDING, ApprovalStatus.REJECTED, "bob", T))
        .isFalse();
    assertThat(approvals.get(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approvals.list(ApprovalStatus.PENDING, 10)).isEmpty();
    assertThat(approvals.list(null, 10)).hasSize(1);
  }
}
