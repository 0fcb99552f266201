package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignRepository;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.CampaignTotals;
import io.mercato.core.ads.decide.WindowTotals;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.rules.Approvals;
import io.mercato.core.rules.Delivery;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.MinimumSample;
import io.mercato.core.rules.Rule;
import io.mercato.core.rules.RuleAction;
import io.mercato.core.rules.RuleCompiler;
import io.mercato.core.rules.RuleEvaluator;
import io.mercato.core.rules.RuleMode;
import io.mercato.core.rules.RuleNotifier;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RuleScope;
import io.mercato.core.rules.RuleService;
import io.mercato.core.rules.RuleTrigger;
import io.mercato.core.rules.RunOutcome;
import io.mercato.core.time.Windows;
import io.mercato.testkit.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly one evaluator in a cluster: two API nodes, each with its own connection pool, stores,
 * evaluator and advisory-lock lease on one real PostgreSQL database, evaluate the same rule over the
 * same campaigns: first in turns (each node has evaluated before the rule existed, so the one taking
 * over must reload what the other did), then racing concurrently. Every planned action is applied
 * once: one audit entry per campaign, one run, no run that failed on a value the other node had
 * changed.
 */
class TwoEvaluatorsIT {
  private static PostgresTestDatabase pg;

  @TempDir Path unused;

  @BeforeAll
  static void createDatabase() {
    pg = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (pg != null) {
      pg.close();
    }
  }

  /** One API node: its pool, stores, evaluator and lease. */
  final class Node implements AutoCloseable {
    final Database db = Database.open(pg.config(), unused);
    final CampaignRepository repo = new JdbcCampaignRepository(db);
    final JdbcRuleStore rules = new JdbcRuleStore(db);
    final JdbcRuleRunLog runs = new JdbcRuleRunLog(db);
    final JdbcChangeLog log = new JdbcChangeLog(db);
    final CampaignChanges changes;
    final RuleEvaluator evaluator;
    final PostgresAdvisoryLease lease =
        new PostgresAdvisoryLease(pg.config(), "mercato-rule-evaluator");
    int cycles;

    Node(ManualClock clock, RuleCompiler compiler) {
      changes = new CampaignChanges(new ChangePlanner(Guardrails.defaults()), log, clock);
      evaluator =
          new RuleEvaluator(
              rules,
              runs,
              changes,
              new Approvals(new JdbcApprovalStore(db), changes, clock),
              compiler,
              new RuleNotifier((u, b) -> new Delivery(true, 1, 204, ""), log, clock),
              clock);
    }

    /** What a node's scheduler does each tick: evaluate only while holding the lease. */
    void tick(KpiSource kpis) {
      boolean had = lease.held();
      if (lease.tryAcquire()) {
        if (!had) {
          evaluator.reset(); // another node may have acted meanwhile: reload cooldowns and counts
        }
        evaluator.runCycle(inventory(repo), kpis);
        cycles++;
      }
    }

    @Override
    public void close() {
      lease.close();
      db.close();
    }
  }

  @Test
  void twoNodesEvaluatingConcurrentlyApplyEveryPlannedActionOnce() throws Exception {
    ManualClock clock = ManualClock.at("2026-03-10T12:00:00Z");
    RuleCompiler compiler = new RuleCompiler(Windows.defaults().names(), Guardrails.defaults());
    KpiSource kpis = lowCvr(clock);
    try (Node a = new Node(clock, compiler);
        Node b = new Node(clock, compiler)) {
      for (int i = 0; i < 20; i++) {
        a.repo.putCampaign(ChangeLogContract.eur("c" + i, "10000", "500"));
      }
      Rule rule =
          new Rule(
              "low-cvr",
              0,
              "Raise discount on low CVR",
              true,
              RuleScope.matching("true"),
              "10m",
              "cvr < 0.02",
              new MinimumSample(0, 100, 0),
              new RuleTrigger.Every(Duration.ofMinutes(1)),
              Duration.ofHours(1),
              5,
              List.of(
                  RuleAction.Change.campaign(
                      new Operation.ChangeDiscount(
                          Adjust.ADD, new BigDecimal("5"), null, new BigDecimal("30")))),
              RuleMode.AUTO,
              null,
              null,
              null);
      for (Node n : List.of(a, b)) { // both have evaluated (and remember) before the rule exists
        n.tick(kpis);
        n.lease.release();
      }
      assertThat(a.cycles).isEqualTo(1);
      assertThat(b.cycles).isEqualTo(1);
      new RuleService(compiler, a.rules, clock).save(rule, 0, "test", a.repo.campaigns());
      for (Node n :
          List.of(a, b)) { // a acts; b takes over after it and must find the cooldowns a started
        n.tick(kpis);
        n.lease.release();
      }
      assertThat(b.cycles).isEqualTo(2);

      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> done = new ArrayList<>();
      try {
        for (Node n : List.of(a, b)) {
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 30; i++) {
                      n.tick(kpis);
                      if (i % 3 == 2) {
                        n.lease.release(); // hand over now and then, as a restarting node would
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(a.cycles + b.cycles).isPositive();
      List<AuditEntry> audit =
          a.log.query(new AuditQuery(null, "low-cvr", null, null, 1000)).entries();
      assertThat(audit)
          .hasSize(20)
          .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.APPLIED));
      assertThat(audit).extracting(e -> e.change().campaignId()).doesNotHaveDuplicates();
      for (Campaign c : a.repo.campaigns()) {
        assertThat(c.discount().value()).as(c.id()).isEqualByComparingTo("17.5");
      }
      List<RuleRun> all = a.runs.since(Instant.EPOCH);
      assertThat(all)
          .hasSize(20)
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.APPLIED));
    }
  }

  /** Every campaign: 200 clicks, 2 conversions in the window (CVR 1%). */
  static KpiSource lowCvr(ManualClock clock) {
    return new KpiSource() {
      @Override
      public CampaignKpis kpis(Campaign c, String window) {
        WindowTotals w =
            new WindowTotals(10_000, 200, 2, BigDecimal.valueOf(40), BigDecimal.valueOf(80));
        return new CampaignKpis(
            c.id(),
            window,
            clock.millis() - 600_000,
            clock.millis(),
            -1,
            500,
            w,
            0.02,
            0.01,
            BigDecimal.valueOf(40),
            Map.of(),
            new CampaignTotals(10_000, 200, 2, w.revenue(), w.spend(), BigDecimal.ZERO),
            BigDecimal.TEN,
            c.totalBudget().subtract(w.spend()),
            c.dailyBudget().subtract(BigDecimal.TEN),
            0.3,
            List.of(),
            List.of());
      }

      @Override
      public long[] adCounts(String campaignId, String adId) {
        return new long[2];
      }

      @Override
      public BigDecimal spent(String campaignId) {
        return BigDecimal.valueOf(80);
      }

      @Override
      public Instant watermark() {
        return clock.instant();
      }
    };
  }

  /** The campaigns and ads as the repository holds them now. */
  static AdInventory inventory(CampaignRepository repo) {
    List<Campaign> cs = repo.campaigns();
    List<Ad> as = repo.ads();
    return new AdInventory() {
      @Override
      public Collection<Campaign> campaigns() {
        return cs;
      }

      @Override
      public Campaign campaign(String id) {
        return cs.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
      }

      @Override
      public Ad ad(String id) {
        return as.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
      }

      @Override
      public List<Ad> adsOf(String campaignId) {
        return as.stream().filter(a -> a.campaignId().equals(campaignId)).toList();
      }

      @Override
      public List<Ad> adsIn(String placement) {
        return as.stream().filter(a -> a.placements().contains(placement)).toList();
      }

      @Override
      public Segment segmentOf(String campaignId) {
        return null;
      }
    };
  }
}
