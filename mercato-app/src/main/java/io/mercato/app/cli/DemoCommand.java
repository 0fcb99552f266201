package io.mercato.app.cli;

import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.Durations;
import io.mercato.app.config.MercatoConfig;
import io.mercato.app.demo.DemoAds;
import io.mercato.app.demo.DemoRules;
import io.mercato.app.demo.DemoShoppers;
import io.mercato.app.demo.DemoTraffic;
import io.mercato.app.http.EventPoster;
import io.mercato.app.node.Node;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.synthetic.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mercato demo}: a server fed with synthetic traffic, to look at in a browser. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run Mercato with a synthetic shop feeding it: 2,000 items in 12 categories, 10,000 users, "
          + "sessions of views, clicks, carts and purchases, ad impressions and clicks for five campaigns.",
      "",
      "The first line printed is the dashboard's URL. Two automation rules act on the demo campaigns within "
          + "the first minutes (raise the discount when the 10-minute CVR drops; extend a campaign while its "
          + "participants are on pace); their changes are in the audit log (/v1/audit).",
      "",
      "Events are posted over HTTP to the server's own /v1/events, so the whole path is exercised. "
          + "Synthetic shoppers ask /v1/recommendations a few times a second and click what matches their taste "
          + "more often than chance, so recommendations adapt as you watch; iALS is trained after 20 seconds. "
          + "Ctrl-C stops cleanly (the state is snapshotted).",
      ""
    })
final class DemoCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port; 0 picks a free one (default: server.port, 8080).")
  Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "mercato-demo-data",
      description =
          "Where the demo keeps its data, apart from a real one (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "200",
      description = "Events per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the synthetic world (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, e.g. 30s, 5m (default: run until Ctrl-C).")
  String duration;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "Campaign database, e.g. jdbc:postgresql://db:5432/mercato (default: db.url; empty = the "
              + "embedded H2 database in <data-dir>/db/). User and password: db.user, db.password "
              + "(MERCATO_DB_USER, MERCATO_DB_PASSWORD).")
  String db;

  @Mixin ConfigOptions config = new ConfigOptions();

  DemoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new UsageException(
          "--rate must be a positive number of events per second; got " + rate);
    }
    Duration runFor = parseDuration();
    List<ConfigOverride> flags = new ArrayList<>();
    flags.add(new ConfigOverride("engine.data-dir", dataDir.toString(), "--data-dir"));
    if (port != null) {
      flags.add(new ConfigOverride("server.port", port.toString(), "--port"));
    }
    if (db != null) {
      flags.add(new ConfigOverride("db.url", db, "--db"));
    }
    MercatoConfig cfg = ctx.loadConfig(config.file, config.overrides(flags)).config();
    PrintWriter out = spec.commandLine().getOut();
    Node node = Node.start(cfg, ctx.clock());
    // first, before anything else is printed: where to look
    out.println("Dashboard: " + node.baseUri() + "/");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    DemoTraffic[] traffic = new DemoTraffic[1];
    DemoShoppers[] shoppers = new DemoShoppers[1];
    DemoAds[] ads = new DemoAds[1];
    String[] adSummary = {null};
    // Runs once, from the main thread after --duration or from the shutdown hook on Ctrl-C/SIGTERM;
    // it prints the summary itself, because after a signal the JVM halts as soon as hooks are done.
    AtomicBoolean once = new AtomicBoolean();
    Runnable shutdown =
        () -> {
          if (!once.compareAndSet(false, true)) {
            try {
              stopped.await(); // the other caller is stopping the demo
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return;
          }
          long total = -1;
          try {
            if (shoppers[0] != null) {
              shoppers[0].stop();
            }
            if (ads[0] != null) {
              ads[0].stop();
              adSummary[0] = adSummary(ads[0]);
            }
            if (traffic[0] != null) {
              traffic[0].stop();
            }
            total = node.engine().countsByType().values().stream().mapToLong(Long::longValue).sum();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            // the engine is not ready or already closed: no total to report
          } finally {
            node.close();
            if (traffic[0] != null) {
              printSummary(out, traffic[0], shoppers[0], total, cfg);
              if (adSummary[0] != null) {
                out.println(adSummary[0]);
                out.flush();
              }
            }
            stopped.countDown();
          }
        };
    ShutdownHook hook = ShutdownHook.register("mercato-demo-shutdown", shutdown);
    try {
      if (!node.engine().awaitReady(Duration.ofMinutes(10))) {
        throw new EngineUnavailableException(
            "the engine could not start: " + node.engine().status().detail());
      }
      URI base = node.baseUri();
      // A per-run id prefix: the same seed gives the same events, but a second run on the same data
      // directory must not be swallowed whole by deduplication.
      String prefix = "demo-" + Long.toString(ctx.clock().millis(), 36) + "-";
      SyntheticTraffic generator =
          SyntheticTraffic.builder().seed(seed).clock(ctx.clock()).idPrefix(prefix).build();
      traffic[0] =
          new DemoTraffic(
              generator, new EventPoster(base, Duration.ofSeconds(30)), rate, ctx.clock());
      traffic[0].start();
      shoppers[0] = new DemoShoppers(generator, base, ctx.clock(), 20, seed);
      shoppers[0].start();
      ads[0] = new DemoAds(generator, base, ctx.clock(), 20, seed);
      try {
        ads[0].setUp();
      } catch (IOException e) {
        throw new IllegalStateException(
            "the demo could not create its campaigns: " + e.getMessage(), e);
      }
      ads[0].start();
      try {
        DemoRules.setUp(base, ctx.clock().instant());
      } catch (IOException e) {
        throw new IllegalStateException(
            "the demo could not create its rules: " + e.getMessage(), e);
      }
      printBanner(out, base, cfg, runFor);
      if (runFor != null) {
        if (!stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS)) {
          shutdown.run();
        }
      } else {
        stopped.await();
      }
      return 0;
    } finally {
      hook.close();
      shutdown.run(); // a no-op when the demo already stopped; closes everything after an error
    }
  }

  private static void printSummary(
      PrintWriter out, DemoTraffic traffic, DemoShoppers shoppers, long total, MercatoConfig cfg) {
    out.printf(
        Locale.ROOT,
        "demo stopped: %,d events sent, %,d accepted%s; %s events in %s (snapshot written)%n",
        traffic.sent(),
        traffic.accepted(),
        traffic.failedBatches() > 0 ? ", " + traffic.failedBatches() + " batches failed" : "",
        total < 0 ? "?" : String.format(Locale.ROOT, "%,d", total),
        cfg.engine().dataDir());
    if (shoppers != null && shoppers.served() > 0) {
      out.printf(
          Locale.ROOT,
          "recommendations: %,d items shown, %,d clicked; %.0f%% matched the shopper's taste "
              + "(first %ds: %.0f%%)%n",
          shoppers.served(),
          shoppers.clicks(),
          100 * shoppers.matchShare(),
          DemoShoppers.TRAIN_AFTER.toSeconds(),
          100 * shoppers.firstMatchShare());
    }
    out.flush();
  }

  /** One line on the ad loop, read before the node closes: decisions, clicks and the campaigns' spend. */
  private static String adSummary(DemoAds ads) {
    if (ads.decisions() == 0) {
      return null;
    }
    double spend = 0;
    long conversions = 0;
    for (var k : ads.kpis().values()) {
      spend += k.path("total").path("spend").asDouble();
      conversions += k.path("total").path("conversions").asLong();
    }
    return String.format(
        Locale.ROOT,
        "ads: %,d decisions showed %,d ads, %,d clicked (CTR %.1f%%), %,d conversions; "
            + "%.0f%% in a category the user prefers, %.0f%% the best ad of its campaign; spend %.2f EUR",
        ads.decisions(),
        ads.shown(),
        ads.clicks(),
        ads.shown() == 0 ? 0 : 100.0 * ads.clicks() / ads.shown(),
        conversions,
        100 * ads.matchShare(),
        100 * ads.bestShare(),
        spend);
  }

  private Duration parseDuration() {
    if (duration == null) {
      return null;
    }
    try {
      Duration d = Durations.parse(duration);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--duration: " + e.getMessage());
    }
  }

  private void printBanner(PrintWriter out, URI base, MercatoConfig cfg, Duration runFor) {
    String host = base.getHost() + ":" + base.getPort();
    String now = Instant.ofEpochMilli(ctx.clock().millis()).toString();
    out.println();
    out.println("Mercato demo is running.");
    out.println("  dashboard:  " + base + "/");
    out.println("  readiness:  " + base + "/ready");
    out.println("  API:        " + base + "/v1/stats   (OpenAPI: " + base + "/openapi.json)");
    out.println("  metrics:    " + base + "/metrics");
    out.printf(
        Locale.ROOT, "Sending synthetic traffic at %,.0f events/s (seed %d). Try:%n", rate, seed);
    out.println("  curl -s '" + host + "/v1/stats?window=10m'");
    out.println("  curl -s " + host + "/v1/users/u-1/profile");
    out.println("  curl -s '" + host + "/v1/recommendations/u-1?n=5&explain=true'");
    out.println(
        "  curl -s '" + host + "/v1/decisions?user_id=u-1&placement=" + DemoAds.PLACEMENT + "'");
    out.println(
        "  curl -s '"
            + host
            + "/v1/campaigns/"
            + DemoAds.campaignId("sports")
            + "/kpis?window=10m'");
    out.println(
        "Two automation rules act on the demo campaigns ("
            + DemoRules.LOW_CVR
            + ", "
            + DemoRules.ON_PACE
            + "); watch them:");
    out.println("  curl -s '" + host + "/v1/audit?since=1h'");
    out.println("  curl -s -X POST " + host + "/v1/events -H 'Content-Type: application/json' \\");
    out.println(
        "       -d '{\"type\":\"click\",\"user_id\":\"u-42\",\"item_id\":\"p-7\",\"timestamp\":\""
            + now
            + "\"}'");
    out.println(
        runFor == null
            ? "Press Ctrl-C to stop; the state is snapshotted to " + cfg.engine().dataDir() + "."
            : "Stopping after "
                + Durations.format(runFor)
                + "; the state is snapshotted to "
                + cfg.engine().dataDir()
                + ".");
    out.println();
    out.flush();
  }
}
