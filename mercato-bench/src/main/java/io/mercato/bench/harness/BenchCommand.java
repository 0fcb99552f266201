package io.mercato.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mercato bench <name> [--quick] [--json]}: end-to-end benchmark harnesses whose numbers go
 * into BENCHMARKS.md. {@code --quick} runs each for a few seconds (CI uses it so the harnesses never
 * rot; it checks they complete and produce numbers, never their values).
 *
 * <p>Its subcommands {@code fuzz} and {@code soak} ({@link FuzzCommand}, {@link SoakCommand}) are
 * correctness harnesses with a verdict, not part of {@code all}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {FuzzCommand.class, SoakCommand.class},
    description =
        "Run benchmark harnesses: ingest (HTTP ingest throughput and latency), engine (embedded "
            + "engine throughput with every aggregate on, without and with the recommenders), freshness (time from an ingest's 202 to the event showing "
            + "in the user's profile, under load), memory (bytes per user profile, item and ad), serve (recommendation and "
            + "rank latency, open loop, while ingesting), reco (recommender update and request costs, iALS training time), decisions (ad decision latency, open loop, while ingesting), "
            + "recovery (recovery time against the journal tail, ingest latency while snapshots are taken), rules "
            + "(automation rule evaluation cycles through the server's evaluator and database), or all "
            + "(each in turn).")
public final class BenchCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      defaultValue = "all",
      paramLabel = "NAME",
      description =
          "ingest | engine | freshness | memory | serve | reco | decisions | recovery | rules | console | all (default: all)")
  String name;

  @Option(names = "--quick", description = "A few seconds per harness, for CI smoke runs.")
  boolean quick;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Kafka for the cluster harness (also run by 'all' when given).")
  String kafka;

  @Option(names = "--redis", paramLabel = "URL", description = "Redis for the cluster harness.")
  String redis;

  @Option(names = "--json", description = "Print the results as one JSON object on stdout.")
  boolean json;

  @Option(
      names = "--ml100k",
      paramLabel = "PATH",
      description =
          "MovieLens-100K's u.data for the reco harness's "
              + "iALS training time (default: ../shared/data/ml-100k/u.data from the repository root); read in place, "
              + "never copied. When missing, a synthetic matrix of the same shape is used.")
  Path ml100k;

  @Override
  public Integer call() throws Exception {
    if (!List.of(
            "pipeline",
            "cluster",
            "ingest",
            "engine",
            "freshness",
            "memory",
            "serve",
            "reco",
            "decisions",
            "recovery",
            "rules",
            "console",
            "all")
        .contains(name)) {
      System.err.println(
          "unknown benchmark '"
              + name
              + "'; valid: pipeline, cluster, ingest, engine, freshness, memory, serve, "
              + "reco, decisions, recovery, rules, console, all");
      return 2;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("date", Instant.now().toString());
    out.put(
        "machine",
        Map.of(
            "cores",
            Runtime.getRuntime().availableProcessors(),
            "max_heap_mib",
            Runtime.getRuntime().maxMemory() >> 20,
            "java",
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            "os",
            System.getProperty("os.name") + " " + System.getProperty("os.arch")));
    out.put("quick", quick);
    var log = json ? System.err : System.out;
    if (runs("pipeline")) {
      log.println(
          "pipeline: the same JSON events through the embedded engine (journal on), the Flink job on a "
              + "local MiniCluster (parallelism 2, heap state) and a parse-and-count baseline");
      PipelineBench.Result r = new PipelineBench(quick, log, PipelineBench::runFlink).run();
      for (PipelineBench.Row row : r.rows()) {
        if (row.events() == 0) {
          System.err.println("pipeline benchmark failed: " + row);
          return 1;
        }
      }
      out.put("pipeline", r);
    }
    if (name.equals("cluster") || (name.equals("all") && kafka != null)) {
      if (kafka == null || redis == null) {
        System.err.println(
            "bench cluster needs --kafka HOST:PORT and --redis redis://HOST:PORT "
                + "(scripts/cluster-infra.sh starts throwaway ones)");
        return 2;
      }
      log.println(
          "cluster: the Flink job (local MiniCluster, parallelism 2, heap state) on Kafka "
              + kafka
              + " writing Redis "
              + redis
              + "; throughput, then freshness from POST to visible in Redis");
      ClusterBench.Result r = new ClusterBench(quick, kafka, redis, log).run();
      if (r.throughput().events() == 0 || r.freshness().probes() == 0) {
        System.err.println("cluster benchmark failed: " + r);
        return 1;
      }
      out.put("cluster", r);
    }
    if (runs("ingest")) {
      log.println(
          "ingest: HTTP POST /v1/events, journal fsync=group, loopback, in-process load generator");
      List<IngestBench.Row> rows = new IngestBench(quick, log).run();
      for (IngestBench.Row r : rows) {
        if (r.events() == 0 || r.errors() > 0) {
          System.err.println("ingest benchmark failed: " + r);
          return 1;
        }
      }
      out.put("ingest", rows);
    }
    if (runs("console")) {
      log.println(
          "console: HTTP ingest (batches of 500, 16 in flight, fsync=group) without and with "
              + ConsoleStreamsBench.PAGES
              + " open dashboard pages' live streams, alternating rounds in one run");
      ConsoleStreamsBench.Result r = new ConsoleStreamsBench(quick, log).run();
      if (r.medianWith() <= 0 || r.streamEvents() == 0) {
        System.err.println("console benchmark failed: " + r);
        return 1;
      }
      out.put("console", r);
    }
    if (runs("engine")) {
      log.println(
          "engine: pre-parsed events, every statistics aggregate on, journal fsync=group, batches of 500; "
              + "without and with the recommenders, then one shard's apply loop alone");
      List<EngineBench.Row> rows = new EngineBench(quick, log).run();
      for (EngineBench.Row r : rows) {
        if (r.events() == 0) {
          System.err.println("engine benchmark applied no events: " + r);
          return 1;
        }
      }
      out.put("engine", rows);
    }
    if (runs("freshness")) {
      log.println(
          "freshness: 202 of POST /v1/events until GET /v1/users/{id}/profile shows the event, "
              + "under paced background ingest at about half of the peak; without and with the recommenders");
      List<FreshnessBench.Result> rows = new FreshnessBench(quick, log).run();
      for (FreshnessBench.Result r : rows) {
        if (r.probes() == 0 || r.probeErrors() > 0) {
          System.err.println("freshness benchmark failed: " + r);
          return 1;
        }
      }
      out.put("freshness", rows);
    }
    if (runs("memory")) {
      log.println(
          "memory: bytes per user profile, per item and per ad, default settings, synthetic mix (seed 5)");
      MemoryBench.Result r = new MemoryBench(quick, log).run();
      if (r.profiles() == 0
          || !(r.estimatedBytesMean() > 0)
          || r.items() == 0
          || !(r.itemBinaryBytesMean() > 0)
          || r.ads() == 0
          || !(r.adCountsEstimatedBytesMean() > 0)) {
        System.err.println("memory benchmark failed: " + r);
        return 1;
      }
      if (!(r.heapBytesParsedIds() > 0)
          || !(r.heapBytesSharedIds() > 0)
          || !(r.itemHeapBytes() > 0)) {
        // The heap difference is at the mercy of the collector (a concurrent cycle, a humongous
        // region
        // freed late); a disturbed reading is reported, not treated as a broken harness.
        log.println(
            "  warning: a heap reading was disturbed by the collector; rerun for heap numbers");
      }
      out.put("memory", r);
    }
    if (runs("serve")) {
      log.println(
          "serve: GET /v1/recommendations/{user}?n=10 and POST /v1/rank (20 candidates) open loop "
              + "(goal 2,000/s) while POST /v1/events takes "
              + "20,000 events/s"
              + (quick ? " (quick: a tenth of both)" : "")
              + "; latency from the intended send time");
      ServeBench.Result r = new ServeBench(quick, log).run();
      if (r.rankRows() == null
          || r.rankRows().stream().noneMatch(ServeBench.Row::ingesting)
          || r.rankRows().stream().allMatch(ServeBench.Row::ingesting)) {
        System.err.println(
            "serve benchmark failed: missing /v1/rank rows with and without ingest: "
                + r.rankRows());
        return 1;
      }
      for (ServeBench.Row row : Stream.concat(r.rows().stream(), r.rankRows().stream()).toList()) {
        // Refused ingest (503, the engine's backpressure) is a measured outcome under overload, not
        // a failure.
        if (row.ok() == 0 || row.errors() > 0 || row.ingestErrors() > 0) {
          System.err.println(
              "serve benchmark failed: "
                  + row
                  + (r.firstError() == null ? "" : "; " + r.firstError()));
          return 1;
        }
      }
      if (r.firstError() != null
          || r.rows().stream().noneMatch(row -> row.ingestEventsPerSecond() > 0)) {
        System.err.println(
            "serve benchmark failed: "
                + (r.firstError() != null ? r.firstError() : "nothing ingested"));
        return 1;
      }
      out.put("serve", r);
    }
    if (runs("reco")) {
      log.println(
          "reco: recommendation state update cost, per-strategy request latency (one thread), "
              + "iALS training time");
      RecoBench.Result r =
          new RecoBench(quick, ml100k != null ? ml100k : defaultMl100k(), log).run();
      if (r.apply().events() == 0 || r.recommend().isEmpty() || r.train().isEmpty()) {
        System.err.println("reco benchmark failed: " + r);
        return 1;
      }
      out.put("reco", r);
    }
    if (runs("decisions")) {
      log.println(
          "decisions: GET /v1/decisions open loop (goal 2,000/s, p99 <= 5 ms), 1,000 ads over 20 campaigns, "
              + "without and while POST /v1/events takes 20,000 events/s"
              + (quick ? " (quick: 300/s and 2,000 events/s)" : ""));
      DecisionsBench.Result r = new DecisionsBench(quick, log).run();
      for (DecisionsBench.Row row : r.rows()) {
        if (row.ok() == 0
            || row.errors() > 0
            || row.ingestErrors() > 0
            || !(row.adsPerDecision() > 0)) {
          System.err.println(
              "decisions benchmark failed: "
                  + row
                  + (r.firstError() == null ? "" : "; " + r.firstError()));
          return 1;
        }
      }
      if (r.firstError() != null) {
        System.err.println("decisions benchmark failed: " + r.firstError());
        return 1;
      }
      out.put("decisions", r);
      HeavySegmentsBench.Result heavy = HeavySegmentsBench.run(quick);
      log.printf(
          "  one decision over %,d campaigns with heavy segments (in-process, one thread): no segment "
              + "matches p50 %.0f µs, p99 %.0f µs (%s); all match p50 %.0f µs, p99 %.0f µs%n",
          heavy.campaigns(),
          heavy.missP50Us(),
          heavy.missP99Us(),
          heavy.missRejected(),
          heavy.hitP50Us(),
          heavy.hitP99Us());
      if (heavy.hitAds() != 1 || heavy.missAds() != 0) {
        System.err.println("decisions benchmark failed: heavy segments answered " + heavy);
        return 1;
      }
      out.put("decisions_heavy_segments", heavy);
    }
    if (runs("recovery")) {
      log.println(
          "recovery: time to ready against the journal tail after the newest snapshot; ingest latency while "
              + "snapshots are taken (every aggregate and the recommenders on)");
      RecoveryBench.Result r = new RecoveryBench(quick, log).run();
      if (r.tails().isEmpty() || r.load().snapshots() == 0 || r.load().outside().batches() == 0) {
        System.err.println("recovery benchmark failed: " + r);
        return 1;
      }
      out.put("recovery", r);
    }
    if (runs("rules")) {
      log.println(
          "rules: automation rule evaluation cycles as the server's evaluator runs them (embedded engine, H2 "
              + "rule store, run log and audit log), "
              + (quick ? "100" : "1,000")
              + " campaigns x 5 rules due every cycle");
      RulesBench.Result r = new RulesBench(quick, log).run();
      if (r.cycles() == 0 || !(r.checkedPerCycle() > 0) || r.firstRuns() == 0) {
        System.err.println("rules benchmark failed: " + r);
        return 1;
      }
      out.put("rules", r);
    }
    if (json) {
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }
    return 0;
  }

  /**
   * {@code ../shared/data/ml-100k/u.data} from the repository root, which is found from where this class
   * was loaded ({@code mercato-app/target/mercato.jar} or {@code mercato-app/target/classes}).
   */
  static Path defaultMl100k() {
    Path relative = Path.of("..", "shared", "data", "ml-100k", "u.data");
    try {
      Path loadedFrom =
          Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = loadedFrom.toAbsolutePath().getParent().getParent().getParent();
      return root == null ? relative : root.resolve(relative).normalize();
    } catch (URISyntaxException | RuntimeException e) {
      return relative; // unusual class loading: fall back to the working directory
    }
  }

  private boolean runs(String harness) {
    return name.equals("all") || name.equals(harness);
  }
}
