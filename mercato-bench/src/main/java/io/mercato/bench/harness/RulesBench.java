package io.mercato.bench.harness;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.event.Event;
import io.mercato.core.rules.CycleReport;
import io.mercato.core.rules.RuleJson;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.mercato.synthetic.Zipf;
import io.mercato.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Rule evaluation as a running server does it: the embedded engine (its H2 campaign database, its ad
 * ledger's KPIs), the server's {@link Automation} with the real JDBC rule store, run log, approval store
 * and audit log, and one evaluation cycle per simulated minute, called the way the scheduler thread
 * calls it ({@link Automation#tick()}). 1,000 campaigns (3 ads each) and 5 rules due every cycle (the
 * JMH {@code RuleEvaluationBenchmark}'s five, written as rule JSON), 40 synthetic ad events per campaign
 * over 2 hours, Zipf-skewed across campaigns (seed 42). The first cycle (conditions compiled, the run
 * log read, most runs recorded) is reported apart; then the wall clock and the thread's CPU time of the
 * following cycles. Quick mode: 100 campaigns, 3 cycles (the CI smoke run).
 */
final class RulesBench {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * @param campaigns       campaigns evaluated
   * @param rules           enabled rules, all due every cycle
   * @param firstCycleMs    the first cycle's wall clock
   * @param firstRuns       runs the first cycle recorded
   * @param cycles          cycles measured after the first
   * @param wallMsMean      mean wall clock of a measured cycle
   * @param wallMsMax       the slowest measured cycle
   * @param cpuMsMean       mean CPU time of the evaluating thread per measured cycle
   * @param checkedPerCycle (rule, campaign) pairs considered per measured cycle
   * @param runs            runs recorded by the measured cycles
   */
  record Result(
      int campaigns,
      int rules,
      double firstCycleMs,
      int firstRuns,
      int cycles,
      double wallMsMean,
      double wallMsMax,
      double cpuMsMean,
      double checkedPerCycle,
      int runs) {}

  private final boolean quick;
  private final PrintStream log;

  RulesBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  Result run() throws Exception {
    int campaigns = quick ? 100 : 1000;
    int cycles = quick ? 3 : 30;
    Path dir = Files.createTempDirectory("mercato-bench-rules");
    ManualClock clock = new ManualClock(T0);
    Engine engine = Engine.start(EngineConfig.defaults(dir), clock, new SimpleMeterRegistry());
    try {
      if (!engine.awaitReady(Duration.ofMinutes(2))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      JdbcCampaignRepository repo = new JdbcCampaignRepository(engine.campaignDatabase());
      for (int i = 0; i < campaigns; i++) {
        repo.putCampaign(campaign("c-" + i, i));
        for (int a = 0; a < 3; a++) {
          repo.putAd(
              new Ad(
                  "c-" + i + "-ad-" + a,
                  "c-" + i,
                  new Creative("Ad", null, "https://shop.example/" + a),
                  "sports",
                  Set.of("home"),
                  new Bid(a == 0 ? BidType.CPM : BidType.CPC, new BigDecimal("0.40")),
                  AdStatus.ACTIVE,
                  0));
        }
      }
      engine.campaigns().reload();
      ingestTraffic(engine, campaigns);
      Backend backend = Backend.embedded(engine);
      Automation automation = backend.automation().orElseThrow();
      for (String rule : RULES) {
        var draft = RuleJson.read(RuleJson.parse(rule), RuleJson.parse(rule).path("id").asText());
        automation.service().save(draft, 0, "bench", engine.campaigns().inventory().campaigns());
      }
      long t = System.nanoTime();
      CycleReport first = automation.tick().orElseThrow();
      double firstMs = (System.nanoTime() - t) / 1e6;
      double[] wall = new double[cycles];
      long cpu = 0;
      long checked = 0;
      int runs = 0;
      for (int c = 0; c < cycles; c++) {
        clock.advance(Duration.ofMinutes(1));
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        CycleReport r = automation.tick().orElseThrow();
        wall[c] = (System.nanoTime() - t0) / 1e6;
        cpu += THREADS.getCurrentThreadCpuTime() - cpu0;
        checked += r.checked();
        runs += r.runs().size();
      }
      automation.close();
      Result res =
          new Result(
              campaigns,
              RULES.size(),
              firstMs,
              first.runs().size(),
              cycles,
              Arrays.stream(wall).average().orElse(0),
              Arrays.stream(wall).max().orElse(0),
              cpu / 1e6 / cycles,
              (double) checked / cycles,
              runs);
      log.printf(
          "  %,d campaigns x %d rules: first cycle %.0f ms (%d checks, %d runs recorded); then %d cycles: "
              + "%.1f ms wall (max %.1f), %.1f ms CPU per cycle, %.0f checks and %.1f runs per cycle%n",
          campaigns,
          RULES.size(),
          firstMs,
          first.checked(),
          first.runs().size(),
          cycles,
          res.wallMsMean(),
          res.wallMsMax(),
          res.cpuMsMean(),
          res.checkedPerCycle(),
          (double) runs / cycles);
      return res;
    } finally {
      engine.close();
      DecisionsBench.deleteTree(dir);
    }
  }

  /** 40 ad events per campaign over the last 2 hours: 90% impressions, 9% clicks, 1% conversions. */
  private static void ingestTraffic(Engine engine, int campaigns) throws InterruptedException {
    SplittableRandom random = new SplittableRandom(42);
    Zipf activity = new Zipf(campaigns, 1.0);
    Random zipfRandom = new Random(42);
    List<Event> batch = new ArrayList<>();
    long now = T0.toEpochMilli();
    for (int e = 0; e < 40 * campaigns; e++) {
      String id = "c-" + (activity.sample(zipfRandom) - 1);
      double roll = random.nextDouble();
      String type = roll < 0.90 ? "impression" : roll < 0.99 ? "ad_click" : "conversion";
      batch.add(
          new Event(
              "e" + e,
              false,
              type,
              "u-" + random.nextInt(50_000),
              null,
              id + "-ad-" + random.nextInt(3),
              id,
              null,
              type.equals("conversion") ? 25.0 : null,
              now - random.nextLong(7_200_000L),
              Map.of()));
      if (batch.size() == 500) {
        ingest(engine, batch);
        batch = new ArrayList<>();
      }
    }
    ingest(engine, batch);
    engine.countsByType(); // waits until every shard applied what was ingested
  }

  private static void ingest(Engine engine, List<Event> batch) throws InterruptedException {
    while (true) {
      try {
        engine.ingest(batch);
        return;
      } catch (BackpressureException e) {
        Thread.sleep(5);
      }
    }
  }

  private static Campaign campaign(String id, int i) {
    return new Campaign(
        id,
        "Campaign " + i,
        T0.minus(Duration.ofDays(20)),
        T0.plus(Duration.ofDays(i % 2 == 0 ? 3 : 30)),
        ZoneOffset.UTC,
        CampaignStatus.ACTIVE,
        "EUR",
        new BigDecimal("100000"),
        new BigDecimal("1000"),
        new Discount(Discount.Kind.PERCENT, new BigDecimal("10")),
        null,
        new CampaignGoals(1000L, null, null),
        FrequencyCaps.DEFAULTS,
        0,
        i % 3 == 0 ? Set.of("sale") : Set.of());
  }

  /** The JMH benchmark's five rules. */
  private static final List<String> RULES =
      List.of(
          """
      {"id": "low-cvr", "name": "low-cvr", "scope": {"condition": "true"}, "window": "10m", "condition": "cvr < 0.02",
       "min_sample": {"clicks": 50}, "trigger": {"every": "1m"}, "cooldown": "1h", "max_actions_per_day": 24,
       "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30}], "mode": "auto"}""",
          """
      {"id": "high-cpa", "name": "high-cpa", "scope": {"condition": "campaign.status == \\"active\\""}, "window": "1h",
       "condition": "cpa > 40.0", "min_sample": {"conversions": 5}, "trigger": {"every": "1m"}, "cooldown": "1m",
       "max_actions_per_day": 24, "actions": [{"type": "pause"}], "mode": "dry_run"}""",
          """
      {"id": "weak-ads", "name": "weak-ads", "scope": {"condition": "\\"sale\\" in campaign.tags", "ads": true,
       "ad_condition": "ad.impressions >= 1000 && ad.ctr < 0.005"}, "window": "24h", "condition": "impressions > 0",
       "trigger": {"every": "1m"}, "cooldown": "6h", "max_actions_per_day": 24,
       "actions": [{"type": "change_bid", "target": "ads", "percent": -10, "min": 0.05}], "mode": "auto"}""",
          """
      {"id": "extend-on-pace", "name": "extend-on-pace", "scope": {"condition": "true"}, "window": "24h",
       "condition": "on_pace && time_elapsed > 0.8", "trigger": {"every": "1m"}, "cooldown": "1d",
       "max_actions_per_day": 24, "actions": [{"type": "extend_end", "by": "1d"}], "mode": "notify_only"}""",
          """
      {"id": "fast-pacing", "name": "fast-pacing", "scope": {"condition": "campaign.daily_budget < 5000.0"},
       "window": "1h", "condition": "pacing > 1.2", "trigger": {"every": "1m"}, "cooldown": "2h",
       "max_actions_per_day": 24, "actions": [{"type": "change_daily_budget", "how": "percent", "amount": 10}],
       "mode": "dry_run"}""");
}
