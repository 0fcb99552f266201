package io.mercato.server.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.CampaignTotals;
import io.mercato.core.ads.decide.WindowTotals;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.event.EventLimits;
import io.mercato.core.rules.Delivery;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.RuleJson;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RunOutcome;
import io.mercato.core.time.Windows;
import io.mercato.engine.ads.AdStore;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.mercato.store.sql.PostgresAdvisoryLease;
import io.mercato.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly one evaluator among cluster API nodes, as the server wires it: two nodes, each with its own
 * connection pool, campaign inventory, {@link Automation} and {@link RuleScheduler} thread ticking every
 * 20 ms, and a PostgreSQL advisory-lock lease, on one real PostgreSQL database. Both run at once; then
 * the holder stops (as a node that is shut down) and the other takes over and keeps evaluating. Every
 * planned action is applied once: one audit entry and one run per campaign, each discount raised once.
 */
class TwoNodeAutomationIT {
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

  /** One API node's automation over its own pool and inventory. */
  final class Node implements AutoCloseable {
    final Database db = Database.open(pg.config(), unused);
    final AdStore campaigns;
    final Automation automation;
    RuleScheduler scheduler;

    Node(ManualClock clock, KpiSource kpis) {
      campaigns =
          AdStore.open(
              new JdbcCampaignRepository(db),
              new SegmentCompiler(),
              EventLimits.defaults(),
              clock,
              new SimpleMeterRegistry());
      automation =
          new Automation(
              () -> db,
              () -> campaigns,
              () -> kpis,
              Windows.defaults(),
              Guardrails.defaults(),
              (url, body) -> new Delivery(true, 1, 204, ""),
              new PostgresAdvisoryLease(pg.config(), Automation.LEASE_NAME),
              clock);
    }

    void start() {
      scheduler = RuleScheduler.start(automation, Duration.ofMillis(20));
    }

    /** Stops evaluating and gives the lease up, as a node shutting down does. */
    void stop() {
      if (scheduler != null) {
        scheduler.close();
        scheduler = null;
      }
    }

    @Override
    public void close() {
      stop();
      automation.close();
      campaigns.close();
    }
  }

  @Test
  void twoNodesWithTheirSchedulersApplyEveryPlannedActionOnce() throws Exception {
    ManualClock clock = ManualClock.at("2026-03-10T12:00:00Z");
    KpiSource kpis = lowCvr(clock);
    try (Node a = new Node(clock, kpis);
        Node b = new Node(clock, kpis)) {
      for (int i = 0; i < 20; i++) {
        String json =
            """
            {"name": "C%d", "start": "2026-03-01T00:00:00Z", "end": "2026-04-01T00:00:00Z", "time_zone": "UTC",
             "status": "active", "currency": "EUR", "total_budget": 10000, "daily_budget": 500,
             "discount": {"kind": "percent", "value": 15}}
            """
                .formatted(i);
        a.campaigns.putCampaign(
            a.campaigns.readCampaign(json.getBytes(StandardCharsets.UTF_8), "c" + i));
      }
      a.automation
          .service()
          .save(
              RuleJson.read(
                  RuleJson.parse(
                      """
          {"name": "Raise discount on low CVR", "scope": {"condition": "true"}, "window": "10m",
           "condition": "cvr < 0.02", "min_sample": {"clicks": 100}, "trigger": {"every": "1m"}, "cooldown": "1h",
           "max_actions_per_day": 5, "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30}],
           "mode": "auto"}
          """),
                  "low-cvr"),
              0,
              "test",
              a.campaigns.inventory().campaigns());

      a.start();
      b.start();
      for (int i = 0;
          i < 10;
          i++) { // both race for the lease while the rule comes due again and again
        Thread.sleep(100);
        clock.advance(Duration.ofMinutes(2));
      }
      Node first = a.automation.holdsLease() ? a : b;
      Node second = first == a ? b : a;
      assertThat(second.automation.holdsLease()).as("both nodes hold the lease").isFalse();
      first.stop(); // the holder shuts down; the other takes over, reloading what the first did
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!second.automation.holdsLease() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(second.automation.holdsLease()).as("the other node took the lease over").isTrue();
      for (int i = 0; i < 5; i++) { // due again, still within every campaign's cooldown
        clock.advance(Duration.ofMinutes(2));
        Thread.sleep(100);
      }
      assertThat(second.automation.lastCycle())
          .as("the second node evaluated after taking over")
          .isPresent();
      second.stop();

      List<AuditEntry> audit =
          a.automation.log().query(new AuditQuery(null, "low-cvr", null, null, 1000)).entries();
      assertThat(audit)
          .hasSize(20)
          .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.APPLIED));
      assertThat(audit).extracting(e -> e.change().campaignId()).doesNotHaveDuplicates();
      List<RuleRun> runs = a.automation.runs().since(Instant.EPOCH);
      assertThat(runs)
          .hasSize(20)
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.APPLIED));
      second.campaigns.reload();
      for (Campaign c : second.campaigns.inventory().campaigns()) {
        assertThat(c.discount().value()).as(c.id()).isEqualByComparingTo("20");
      }
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
}
