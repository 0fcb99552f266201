package io.mercato.bench.harness;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.event.Event;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.synthetic.Zipf;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * {@code mercato bench decisions}: {@code GET /v1/decisions} latency, open loop, with 1,000 active ads
 * over 20 campaigns (half of them with a CEL segment on category affinity, so a decision reads the
 * user's profile), at 2,000 requests/s, without and then while ingesting 20,000 events/s through
 * {@code POST /v1/events}. Latency is measured from each request's intended send time
 * ({@link OpenLoop}). Every decision records its impressions in the journal, as in production.
 *
 * <p>Setup: an embedded engine and HTTP server in this JVM on a temporary data directory (default
 * settings, embedded H2 for the campaigns), preloaded with synthetic browsing of 100,000 users so
 * segments have profiles to look at. The load generator shares the machine's cores with the server,
 * so the numbers are an upper bound of what the server alone would show.
 */
public final class DecisionsBench {
  static final int CAMPAIGNS = 20;
  static final int ADS_PER_CAMPAIGN = 50;
  static final List<String> PLACEMENTS =
      List.of("home_banner", "sidebar", "search_top", "checkout");
  private static final Pattern ADS = Pattern.compile("\"ad_id\"");
  private static final int MAX_IN_FLIGHT = 256;
  private static final int BATCH = 500;

  private final boolean quick;
  private final PrintStream log;

  /**
   * One measured phase.
   *
   * @param adsPerDecision mean number of ads answered (n=1: the share of decisions that found an ad)
   */
  public record Row(
      String phase,
      double seconds,
      long requests,
      long ok,
      long errors,
      double targetPerSecond,
      double answeredPerSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double p999Ms,
      double maxMs,
      double sendLagP99Ms,
      boolean keptUp,
      double adsPerDecision,
      double ingestTargetPerSecond,
      double ingestEventsPerSecond,
      long ingestRefused,
      long ingestErrors) {}

  /** The setup and every measured phase. */
  public record Result(
      int campaigns, int ads, long preloadEvents, List<Row> rows, String firstError) {}

  public DecisionsBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  public Result run() throws IOException, InterruptedException {
    int rate = quick ? 300 : 2_000;
    int eventRate = quick ? 2_000 : 20_000;
    double seconds = quick ? 1.5 : 30;
    double warmup = quick ? 0.5 : 10;
    long preload = quick ? 20_000 : 400_000;
    Path dir = Files.createTempDirectory("mercato-bench-decisions");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine = Engine.start(EngineConfig.defaults(dir), InstantSource.system(), registry);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "decisions-bench-client");
              t.setDaemon(true);
              return t;
            });
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 5 << 20), engine, registry)) {
      if (!engine.awaitReady(Duration.ofMinutes(2))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      SyntheticTraffic traffic =
          SyntheticTraffic.builder().seed(11).users(100_000).items(20_000).build();
      List<String> categories = traffic.catalog().categories();
      createInventory(engine, categories);
      long t0 = System.nanoTime();
      List<Event> batch = new ArrayList<>(BATCH);
      for (long i = 0; i < preload; i++) {
        batch.add(traffic.next());
        if (batch.size() == BATCH) {
          ingestWithRetry(engine, batch);
          batch = new ArrayList<>(BATCH);
        }
      }
      // the writers work off the preload before anything is measured, so the phases measure
      // decisions
      long drainStart = System.nanoTime();
      while (queued(registry) > 0
          && System.nanoTime() - drainStart < Duration.ofMinutes(5).toNanos()) {
        Thread.sleep(20);
      }
      log.printf(
          "  %d campaigns, %,d ads over %d placements; preloaded %,d events of 100,000 users in %.1f s "
              + "(applied by every writer after %.1f s)%n",
          CAMPAIGNS,
          CAMPAIGNS * ADS_PER_CAMPAIGN,
          PLACEMENTS.size(),
          preload,
          (drainStart - t0) / 1e9,
          (System.nanoTime() - t0) / 1e9);
      long live = (long) ((2 * warmup + 2 * seconds + 10) * eventRate);
      List<byte[]> bodies = new ArrayList<>();
      for (long i = 0; i < live; i += BATCH) {
        bodies.add(traffic.nextJsonArray(BATCH));
      }
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(pool)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpRequest[] requests = requests(base);
      List<Row> rows = new ArrayList<>();
      String[] firstError = {null};
      phase("warm-up", client, requests, rate, warmup, null, 0, firstError);
      rows.add(phase("decisions", client, requests, rate, seconds, null, 0, firstError));
      OpenLoop ingest =
          new OpenLoop(
              "decisions-bench-ingest",
              client,
              (double) eventRate / BATCH,
              i ->
                  HttpRequest.newBuilder(base.resolve("/v1/events"))
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(60))
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              bodies.get((int) (i % bodies.size()))))
                      .build(),
              resp ->
                  resp.statusCode() == 202
                      ? BATCH
                      : resp.statusCode() == 503 ? OpenLoop.REFUSED : OpenLoop.ERROR,
              64);
      ingest.start();
      try {
        phase("warm-up", client, requests, rate, warmup, ingest, eventRate, firstError);
        rows.add(
            phase(
                "decisions while ingesting",
                client,
                requests,
                rate,
                seconds,
                ingest,
                eventRate,
                firstError));
      } finally {
        ingest.stop();
      }
      if (ingest.firstError() != null && firstError[0] == null) {
        firstError[0] = "ingest: " + ingest.firstError();
      }
      return new Result(CAMPAIGNS, CAMPAIGNS * ADS_PER_CAMPAIGN, preload, rows, firstError[0]);
    } finally {
      pool.shutdownNow();
      engine.close();
      deleteTree(dir);
    }
  }

  private Row phase(
      String name,
      HttpClient client,
      HttpRequest[] requests,
      int rate,
      double seconds,
      OpenLoop ingest,
      int eventRate,
      String[] firstError)
      throws InterruptedException {
    LongAdder ads = new LongAdder();
    OpenLoop gets =
        new OpenLoop(
            "decisions-bench",
            client,
            rate,
            i -> requests[(int) (i & (requests.length - 1))],
            resp -> {
              if (resp.statusCode() != 200) {
                return OpenLoop.ERROR;
              }
              Matcher m = ADS.matcher(resp.body());
              while (m.find()) {
                ads.increment();
              }
              return 1;
            },
            MAX_IN_FLIGHT);
    if (ingest != null) {
      ingest.interval();
    }
    gets.start();
    long start = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    double paced = (System.nanoTime() - start) / 1e9;
    gets.stop();
    OpenLoop.Interval g = gets.interval();
    OpenLoop.Interval in = ingest == null ? null : ingest.interval();
    if (gets.firstError() != null && firstError[0] == null) {
      firstError[0] = name + ": " + gets.firstError();
    }
    Histogram h = g.latency();
    boolean keptUp =
        g.sent() >= Math.floor(0.99 * rate * paced) && g.sendLag().getValueAtPercentile(99) <= 1e6;
    Row row =
        new Row(
            name,
            paced,
            g.sent(),
            g.ok(),
            g.errors(),
            rate,
            g.ok() / paced,
            ms(h, 50),
            ms(h, 90),
            ms(h, 99),
            ms(h, 99.9),
            h.getMaxValue() / 1e6,
            ms(g.sendLag(), 99),
            keptUp,
            g.ok() == 0 ? 0 : ads.sum() / (double) g.ok(),
            in == null ? 0 : eventRate,
            in == null ? 0 : in.units() / in.seconds(),
            in == null ? 0 : in.refused(),
            in == null ? 0 : in.errors());
    if (!name.equals("warm-up")) {
      log.printf(
          "  %-26s %,5d/s: %,6d sent, %,5.0f/s answered; p50 %6.2f ms, p90 %6.2f ms, p99 %6.2f ms, "
              + "p99.9 %6.2f ms, max %7.2f ms; errors %d; %s; %.2f ads per decision%s%n",
          name,
          rate,
          row.requests(),
          row.answeredPerSecond(),
          row.p50Ms(),
          row.p90Ms(),
          row.p99Ms(),
          row.p999Ms(),
          row.maxMs(),
          row.errors(),
          keptUp ? "kept up" : "fell behind",
          row.adsPerDecision(),
          in == null
              ? ""
              : String.format(
                  "; ingest %,.0f events/s (refused %d, errors %d)",
                  row.ingestEventsPerSecond(), row.ingestRefused(), row.ingestErrors()));
    }
    return row;
  }

  /** Ingests a batch, waiting out backpressure as a client honouring Retry-After would. */
  private static void ingestWithRetry(Engine engine, List<Event> batch)
      throws InterruptedException {
    while (true) {
      try {
        engine.ingest(batch);
        return;
      } catch (BackpressureException e) {
        Thread.sleep(5);
      }
    }
  }

  /** 20 campaigns of 50 ads; every other campaign targets users with some affinity to its category. */
  private static void createInventory(Engine engine, List<String> categories) {
    Instant now = Instant.now();
    SplittableRandom random = new SplittableRandom(3);
    for (int c = 0; c < CAMPAIGNS; c++) {
      String category = categories.get(c % categories.size());
      String segment = c % 2 == 0 ? null : "profile.affinity[\"" + category + "\"] > 0.05";
      Campaign campaign =
          new Campaign(
              "bench-" + c,
              "Bench " + c,
              now.minus(Duration.ofDays(1)),
              now.plus(Duration.ofDays(30)),
              ZoneOffset.UTC,
              CampaignStatus.ACTIVE,
              "EUR",
              new BigDecimal("1000000"),
              new BigDecimal("100000"),
              null,
              segment,
              CampaignGoals.NONE,
              new FrequencyCaps(1000, 1000, 1000, 1000),
              0);
      engine.campaigns().putCampaign(campaign);
      for (int a = 0; a < ADS_PER_CAMPAIGN; a++) {
        boolean cpc = random.nextBoolean();
        Bid bid =
            cpc
                ? new Bid(BidType.CPC, BigDecimal.valueOf(20 + random.nextInt(180), 2))
                : new Bid(BidType.CPM, BigDecimal.valueOf(100 + random.nextInt(900), 2));
        engine
            .campaigns()
            .putAd(
                new Ad(
                    "bench-" + c + "-" + a,
                    campaign.id(),
                    new Creative("Ad " + a, null, "https://shop.example.com/" + a),
                    category,
                    Set.of(PLACEMENTS.get(a % PLACEMENTS.size())),
                    bid,
                    AdStatus.ACTIVE,
                    0));
      }
    }
  }

  /** 65,536 requests: users drawn by activity (Zipf, as the synthetic traffic), placements uniformly. */
  private static HttpRequest[] requests(URI base) {
    SplittableRandom random = new SplittableRandom(5);
    Zipf activity = new Zipf(100_000, 0.5);
    HttpRequest[] requests = new HttpRequest[1 << 16];
    for (int i = 0; i < requests.length; i++) {
      URI uri =
          base.resolve(
              "/v1/decisions?user_id=u-"
                  + (activity.sample(random) + 1)
                  + "&placement="
                  + PLACEMENTS.get(random.nextInt(PLACEMENTS.size())));
      requests[i] = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
    }
    return requests;
  }

  /** Events waiting in the recommendation writer and the shards, from the engine's gauges. */
  private static double queued(PrometheusMeterRegistry registry) {
    double q = 0;
    for (var g : registry.find("mercato.reco.queue.depth").gauges()) {
      q += g.value();
    }
    for (var g : registry.find("mercato.shard.queue.depth").gauges()) {
      q += g.value();
    }
    return q;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
