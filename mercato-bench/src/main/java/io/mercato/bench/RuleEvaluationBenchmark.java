package io.mercato.bench;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.event.Event;
import io.mercato.core.rules.Approvals;
import io.mercato.core.rules.CycleReport;
import io.mercato.core.rules.Delivery;
import io.mercato.core.rules.MinimumSample;
import io.mercato.core.rules.Rule;
import io.mercato.core.rules.RuleAction;
import io.mercato.core.rules.RuleCompiler;
import io.mercato.core.rules.RuleEvaluator;
import io.mercato.core.rules.RuleMode;
import io.mercato.core.rules.RuleNotifier;
import io.mercato.core.rules.RuleScope;
import io.mercato.core.rules.RuleTrigger;
import io.mercato.core.rules.StatsKpiSource;
import io.mercato.core.time.Windows;
import io.mercato.synthetic.Zipf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One automation-rule evaluation cycle ({@link RuleEvaluator#runCycle}) over {@code campaigns}
 * campaigns (default 1,000; 3 ads each) and 5 enabled rules, the target being at most 100 ms
 * per cycle. Each operation advances the clock by one minute and runs a cycle, so every rule (every
 * 1 minute) is due each time and reads the KPIs of its window, built by {@link StatsKpiSource} from
 * real {@link CampaignStats} aggregates (impressions, clicks, conversions of 2 hours of synthetic
 * traffic per campaign, Zipf-skewed across campaigns, seed {@value Streams#SEED}):
 * <ol>
 *   <li>raise the discount 5 points up to 30 when the 10-minute CVR is below 2% after 50 clicks
 *       (auto; cooldown 1 hour);
 *   <li>pause when the CPA of the hour passes 40 after 5 conversions (dry run);
 *   <li>lower the bid of ads with CTR below 0.5% after 1,000 impressions by 10% (auto, on tagged
 *       campaigns; cooldown 6 hours);
 *   <li>extend the end by a day when on pace with less than 20% of the run left (notify only);
 *   <li>raise the daily budget 10% when the pacing ratio exceeds 1.2 (dry run; cooldown 2 hours).
 * </ol>
 * Most checks find a condition false or a campaign cooling down, as in steady state; the actions
 * that fire are planned, guard-railed and audited (in memory: {@link RuleBenchPorts}). Conditions are
 * compiled once per rule version, KPI variables built once per campaign and window per cycle.
 *
 * <p>Run: {@code ./mvnw -q -pl mercato-bench -am package -DskipTests && java -jar
 * mercato-bench/target/mercato-bench.jar RuleEvaluationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEvaluationBenchmark {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  @Param({"1000"})
  public int campaigns;

  private RuleEvaluator evaluator;
  private RuleBenchPorts ports;
  private StatsKpiSource kpis;
  private long nowMillis;
  private long cycles;
  private long cpuMark;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Setup
  public void setUp() {
    nowMillis = T0.toEpochMilli();
    InstantSource clock = () -> Instant.ofEpochMilli(nowMillis);
    ports = new RuleBenchPorts();
    Map<String, CampaignStats> stats = new HashMap<>();
    SplittableRandom random = new SplittableRandom(Streams.SEED);
    Zipf activity = new Zipf(campaigns, 1.0);
    for (int i = 0; i < campaigns; i++) {
      String id = "c-" + i;
      ports.put(campaign(id, i));
      for (int a = 0; a < 3; a++) {
        ports.put(
            new Ad(
                id + "-ad-" + a,
                id,
                new Creative("Ad", null, "https://shop.example/" + a),
                "sports",
                Set.of("home"),
                new Bid(a == 0 ? BidType.CPM : BidType.CPC, new BigDecimal("0.40")),
                AdStatus.ACTIVE,
                0));
      }
    }
    AdInventory inventory = ports;
    // 2 hours of traffic: impressions, clicks and conversions, the busiest campaigns most
    int events = 40 * campaigns;
    for (int e = 0; e < events; e++) {
      String id = "c-" + (activity.sample(new Random(random.nextLong())) - 1);
      long t = nowMillis - random.nextLong(7_200_000L);
      String ad = id + "-ad-" + random.nextInt(3);
      double roll = random.nextDouble();
      String type = roll < 0.90 ? "impression" : roll < 0.99 ? "ad_click" : "conversion";
      Event ev =
          new Event(
              "e" + e,
              false,
              type,
              "u-" + random.nextInt(50_000),
              null,
              ad,
              id,
              null,
              type.equals("conversion") ? 25.0 : null,
              t,
              Map.of());
      stats.computeIfAbsent(id, CampaignStats::new).apply(ev, inventory);
    }
    kpis =
        new StatsKpiSource(
            stats::get, Windows.defaults(), clock, () -> Instant.ofEpochMilli(nowMillis));
    Guardrails g = Guardrails.defaults();
    CampaignChanges changes = new CampaignChanges(new ChangePlanner(g), ports, clock);
    RuleCompiler compiler = new RuleCompiler(Windows.defaults().names(), g);
    evaluator =
        new RuleEvaluator(
            ports,
            ports,
            changes,
            new Approvals(ports, changes, clock),
            compiler,
            new RuleNotifier((url, body) -> new Delivery(true, 1, 204, ""), ports, clock),
            clock);
    for (Rule r : rules()) {
      ports.save(r.saved(1, T0, "bench"), 0);
    }
    CycleReport first = evaluator.runCycle(ports, kpis);
    cpuMark = THREADS.getCurrentThreadCpuTime();
    System.out.printf(
        "%nfirst cycle: %d rules due, %d checks, %d below sample, %d runs%n",
        first.rules(), first.checked(), first.belowSample(), first.runs().size());
  }

  static Campaign campaign(String id, int i) {
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

  static List<Rule> rules() {
    Duration minute = Duration.ofMinutes(1);
    return List.of(
        rule(
            "low-cvr",
            RuleScope.matching("true"),
            "10m",
            "cvr < 0.02",
            new MinimumSample(0, 50, 0),
            Duration.ofHours(1),
            RuleMode.AUTO,
            RuleAction.Change.campaign(
                new Operation.ChangeDiscount(
                    Adjust.ADD, new BigDecimal("5"), null, new BigDecimal("30")))),
        rule(
            "high-cpa",
            RuleScope.matching("campaign.status == \"active\""),
            "1h",
            "cpa > 40.0",
            new MinimumSample(0, 0, 5),
            minute,
            RuleMode.DRY_RUN,
            RuleAction.Change.campaign(new Operation.Pause())),
        rule(
            "weak-ads",
            RuleScope.matching("\"sale\" in campaign.tags")
                .withAds("ad.impressions >= 1000 && ad.ctr < 0.005"),
            "24h",
            "impressions > 0",
            MinimumSample.NONE,
            Duration.ofHours(6),
            RuleMode.AUTO,
            RuleAction.Change.ads(
                new Operation.ChangeBid(new BigDecimal("-10"), new BigDecimal("0.05"), null))),
        rule(
            "extend-on-pace",
            RuleScope.matching("true"),
            "24h",
            "on_pace && time_elapsed > 0.8",
            MinimumSample.NONE,
            Duration.ofDays(1),
            RuleMode.NOTIFY_ONLY,
            RuleAction.Change.campaign(new Operation.ExtendEnd(Duration.ofDays(1), null))),
        rule(
            "fast-pacing",
            RuleScope.matching("campaign.daily_budget < 5000.0"),
            "1h",
            "pacing > 1.2",
            MinimumSample.NONE,
            Duration.ofHours(2),
            RuleMode.DRY_RUN,
            RuleAction.Change.campaign(
                new Operation.ChangeDailyBudget(
                    Adjust.PERCENT, new BigDecimal("10"), null, null))));
  }

  static Rule rule(
      String id,
      RuleScope scope,
      String window,
      String condition,
      MinimumSample sample,
      Duration cooldown,
      RuleMode mode,
      RuleAction action) {
    return new Rule(
        id,
        0,
        id,
        true,
        scope,
        window,
        condition,
        sample,
        new RuleTrigger.Every(Duration.ofMinutes(1)),
        cooldown,
        24,
        List.of(action),
        mode,
        null,
        null,
        null);
  }

  /** One cycle, a minute after the previous one. */
  @Benchmark
  public CycleReport cycle() {
    nowMillis += 60_000;
    cycles++;
    return evaluator.runCycle(ports, kpis);
  }

  /**
   * Prints the benchmark thread's CPU time per cycle over the iteration: on a shared, loaded machine
   * the wall-clock score includes waiting for a core, and this number does not.
   */
  @TearDown(Level.Iteration)
  public void cpuPerCycle() {
    long cpu = THREADS.getCurrentThreadCpuTime();
    if (cpuMark > 0 && cycles > 0) {
      System.out.printf(
          " [CPU %.1f ms/cycle over %d cycles]", (cpu - cpuMark) / 1e6 / cycles, cycles);
    }
    cpuMark = cpu;
    cycles = 0;
  }
}
