package io.mercato.bench.harness;

import io.mercato.core.reco.Strategy;
import io.mercato.engine.AlsStatus;
import io.mercato.synthetic.Catalog;
import io.mercato.synthetic.Zipf;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Recommendation and re-ranking latency while ingesting, measured open-loop.
 *
 * <p>Setup ({@link ServeFixture}), before any clock starts: an in-process server with the embedded
 * engine, preloaded through {@code Engine.ingest} with 2,000,000 synthetic events (100,000 users,
 * 20,000 items, Zipf popularity; 100,000 with {@code --quick}), then iALS trained once from the journal
 * with the default parameters ({@code Engine.trainAls()}; 1 iteration with {@code --quick}), so
 * {@code auto} and {@code als} have a model.
 *
 * <p>Load: two {@link OpenLoop} generators on fixed schedules, whatever the responses.
 * {@code GET /v1/recommendations/{user}?n=10} (plus {@code &strategy=…} except for {@code auto}, the
 * default), users drawn by the traffic's own activity law (Zipf 0.5 over all 100,000, so the busiest
 * are asked for most and a few are unknown and get popular items); at most 256 outstanding. And, in
 * the rows marked ingesting, {@code POST /v1/events} at 20,000 events/s in batches of 500 (40
 * requests/s; at most 64 outstanding) of fresh events; a {@code 503} (the engine's backpressure) is
 * counted as refused, not retried. Latency is from each request's intended send time, so stalls are
 * not hidden. Both generators run during a row and stop after it.
 *
 * <p>Rows, full run (quick: 200 requests/s and 2,000 events/s instead of 2,000 and 20,000, 50/s for
 * warm-ups and low rates, 0.5 s per row and 1.5 s for the goal's, no sweep):
 * <ol>
 *   <li>without ingest, after a 5 s warm-up at 250/s: {@code popular} at 2,000/s (the HTTP path
 *       itself) and {@code auto} at 100/s, 10 s each;</li>
 *   <li>ingesting, after a 5 s warm-up with {@code auto} at 100/s: {@code auto} at 25, 50 and 100/s,
 *       10 s each (does the goal hold at a low request rate, and what ingest alone costs a read);</li>
 *   <li>ingesting: the goal, {@code auto} at 2,000/s for 30 s; then {@code popular}, {@code item_cf},
 *       {@code user_cf}, {@code als} at 2,000/s, 10 s each. An overloaded row shows the rate the
 *       server answered at.</li>
 * </ol>
 * And {@code POST /v1/rank} rows ({@link Result#rankRows()}, reported the same way): each request
 * re-ranks 20 distinct candidate items of one catalog category (category uniform, items drawn by the
 * catalog's popularity law, as a category or search page would list them) for a user drawn as above,
 * strategy {@code auto}; 65,536 bodies, cycled. After the recommendation rows without ingest, a warm-up
 * at the warm-up rate, then {@code auto} at 100/s and at 2,000/s without ingest (quick: 50 and 200,
 * 0.5 s each); after the ingesting recommendation rows, {@code auto} at 2,000/s while ingesting.
 *
 * <p>After each row the generators wait for the answers still due (they belong to the row), then for
 * the recommendation writer's queue to drain to one batch, so no row inherits another's backlog.
 *
 * <p>Run: {@code ./mercato bench serve [--quick] [--json]}.
 */
public final class ServeBench {
  private static final int MAX_IN_FLIGHT = 256;
  private static final Pattern USED = Pattern.compile("\"used\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  /**
   * One measured phase. Latencies in ms from the intended send time; {@code sendLag*} how late the
   * generator sent; {@code keptUp} when it sent at least 99% of the requests due with a p99 send lag of
   * at most 5 ms (the goal); {@code used} counts answers by what produced them; ingest numbers are for the same
   * period (0 without ingest); {@code cpuProcess} and {@code cpuOthers} are the cores this process and
   * the rest of the machine used during the row ({@link CpuUse}), to judge whether it measured Mercato
   * or its neighbours. {@code endpoint} says which endpoint the row measured ({@value #RECOMMENDATIONS}
   * or {@value #RANK}).
   */
  public record Row(
      String strategy,
      boolean ingesting,
      double seconds,
      long requests,
      long ok,
      long errors,
      double targetRequestsPerSecond,
      double requestsPerSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double p999Ms,
      double maxMs,
      double sendLagP99Ms,
      double sendLagMaxMs,
      long peakInFlight,
      boolean keptUp,
      double targetEventsPerSecond,
      double ingestEventsPerSecond,
      double ingestP99Ms,
      long ingestRefused,
      long ingestErrors,
      Map<String, Long> used,
      double cpuProcess,
      double cpuOthers,
      String endpoint) {}

  /** The setup and every row: {@code rows} of {@code GET /v1/recommendations}, {@code rankRows} of {@code POST /v1/rank}. */
  public record Result(
      long preloadEvents,
      double preloadSeconds,
      int recoUsers,
      int recoItems,
      String alsModel,
      int alsIterations,
      double alsTrainSeconds,
      List<Row> rows,
      String firstError,
      List<Row> rankRows) {}

  static final String RECOMMENDATIONS = "GET /v1/recommendations";
  static final String RANK = "POST /v1/rank";

  /** Candidate items per rank request. */
  static final int RANK_CANDIDATES = 20;

  private final boolean quick;
  private final PrintStream log;
  private final int goalRate;
  private final int eventRate;
  private final int[] sweep;
  private final int warmupRate;
  private final int lowRate;

  public ServeBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
    // Quick runs check the harness on any machine (CI), so their rates stay far below what it
    // sustains.
    this.goalRate = quick ? 200 : 2_000;
    this.eventRate = quick ? 2_000 : 20_000;
    this.sweep = quick ? new int[0] : new int[] {25, 50, 100};
    this.warmupRate = quick ? 50 : 250;
    this.lowRate = quick ? 50 : 100;
  }

  public Result run() throws IOException, InterruptedException {
    double rowSeconds = quick ? 0.5 : 10;
    double warmup = quick ? 0.5 : 5;
    double goalSeconds = quick ? 1.5 : 30;
    long preload = quick ? 100_000 : 2_000_000;
    // Fresh events for every row with ingest (ingest runs only during rows), with a margin.
    double ingestSeconds = 1.2 * (warmup + goalSeconds + (5 + sweep.length) * rowSeconds) + 2;
    long liveEvents = (long) (ingestSeconds * eventRate);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "serve-bench-client");
              t.setDaemon(true);
              return t;
            });
    try (ServeFixture f = new ServeFixture(preload, liveEvents, eventRate, quick ? 1 : 15)) {
      long t0 = System.nanoTime();
      f.preload(preload);
      double preloadSeconds = (System.nanoTime() - t0) / 1e9;
      int recoUsers = f.engine.recoState().users();
      int recoItems = f.engine.recoState().items();
      log.printf(
          "  preloaded %,d events through the engine in %.1f s: %,d users and %,d items with interactions%n",
          preload, preloadSeconds, recoUsers, recoItems);
      t0 = System.nanoTime();
      AlsStatus als = f.trainAls();
      double alsSeconds = (System.nanoTime() - t0) / 1e9;
      log.printf(
          "  trained iALS %s from the journal in %.1f s (%d factors, %d iterations; %,d users x %,d items)%n",
          als.modelVersion(),
          alsSeconds,
          f.engine.config().als().factors(),
          f.alsIterations,
          als.users(),
          als.items());
      List<byte[]> bodies = f.liveBodies(liveEvents, eventRate);

      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(pool)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpClient ingestClient =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(pool)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Rows rows = new Rows(f, client, ingestClient, bodies);
      rows.run(Strategy.AUTO, warmupRate, warmup, false, false);
      rows.run(Strategy.POPULAR, goalRate, rowSeconds, false, true);
      rows.run(Strategy.AUTO, lowRate, rowSeconds, false, true);
      rows.rank(Strategy.AUTO, warmupRate, warmup, false, false);
      rows.rank(Strategy.AUTO, lowRate, rowSeconds, false, true);
      rows.rank(Strategy.AUTO, goalRate, rowSeconds, false, true);
      rows.run(Strategy.AUTO, lowRate, warmup, true, false);
      for (int rate : sweep) {
        rows.run(Strategy.AUTO, rate, rowSeconds, true, true);
      }
      rows.run(Strategy.AUTO, goalRate, goalSeconds, true, true);
      for (Strategy s :
          List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.ALS)) {
        rows.run(s, goalRate, rowSeconds, true, true);
      }
      rows.rank(Strategy.AUTO, goalRate, rowSeconds, true, true);
      if (rows.firstError != null) {
        log.println("  first error: " + rows.firstError);
      }
      return new Result(
          preload,
          preloadSeconds,
          recoUsers,
          recoItems,
          als.modelVersion(),
          f.alsIterations,
          alsSeconds,
          rows.measured,
          rows.firstError,
          rows.rankMeasured);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs the generators row by row against one fixture, keeping the reported rows. */
  private final class Rows {
    final List<Row> measured = new ArrayList<>();
    final List<Row> rankMeasured = new ArrayList<>();
    String firstError;
    private final ServeFixture fixture;
    private final HttpClient client;
    private final HttpClient ingestClient;
    private final List<byte[]> bodies;
    private final URI events;
    private final AtomicLong nextBody = new AtomicLong();

    Rows(ServeFixture fixture, HttpClient client, HttpClient ingestClient, List<byte[]> bodies) {
      this.fixture = fixture;
      this.client = client;
      this.ingestClient = ingestClient;
      this.bodies = bodies;
      this.events = URI.create(fixture.baseUri() + "/v1/events");
    }

    /**
     * Runs {@code strategy} at {@code rate} for {@code seconds} ({@code auto} sends no {@code strategy}
     * parameter), with the ingest generator alongside when {@code withIngest}; then waits for the
     * answers still due (they belong to the row) and for the recommendation writer to catch up. Errors
     * are kept whether or not the row is reported.
     */
    void run(Strategy strategy, int rate, double seconds, boolean withIngest, boolean report)
        throws InterruptedException {
      run(false, strategy, rate, seconds, withIngest, report);
    }

    /** As {@link #run(Strategy, int, double, boolean, boolean)} for {@code POST /v1/rank}. */
    void rank(Strategy strategy, int rate, double seconds, boolean withIngest, boolean report)
        throws InterruptedException {
      run(true, strategy, rate, seconds, withIngest, report);
    }

    private void run(
        boolean rank,
        Strategy strategy,
        int rate,
        double seconds,
        boolean withIngest,
        boolean report)
        throws InterruptedException {
      HttpRequest[] requests = rank ? rankRequests(strategy) : requests(strategy);
      Map<String, LongAdder> used = new ConcurrentHashMap<>();
      OpenLoop gets =
          new OpenLoop(
              rank ? "serve-bench-rank" : "serve-bench-recommendations",
              client,
              rate,
              i -> requests[(int) (i & (requests.length - 1))],
              resp -> {
                if (resp.statusCode() != 200) {
                  return OpenLoop.ERROR;
                }
                Matcher m = USED.matcher(resp.body());
                used.computeIfAbsent(m.find() ? m.group(1) : "?", k -> new LongAdder()).increment();
                return 1;
              },
              MAX_IN_FLIGHT);
      OpenLoop ingest =
          !withIngest
              ? null
              : new OpenLoop(
                  "serve-bench-ingest",
                  ingestClient,
                  (double) eventRate / ServeFixture.BATCH,
                  i ->
                      HttpRequest.newBuilder(events)
                          .header("Content-Type", "application/json")
                          .timeout(Duration.ofSeconds(60))
                          .POST(
                              HttpRequest.BodyPublishers.ofByteArray(
                                  bodies.get((int) (nextBody.getAndIncrement() % bodies.size()))))
                          .build(),
                  ServeBench::accepted,
                  64);
      CpuUse.Sample cpuStart = CpuUse.sample();
      if (ingest != null) {
        ingest.start();
      }
      gets.start();
      long start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      double paced = (System.nanoTime() - start) / 1e9;
      CpuUse.Cores cpu = CpuUse.between(cpuStart, CpuUse.sample());
      gets.stop();
      OpenLoop.Interval in = null;
      if (ingest != null) {
        ingest.stop();
        in = ingest.interval();
        if (ingest.firstError() != null && firstError == null) {
          firstError = "ingest: " + ingest.firstError();
        }
      }
      OpenLoop.Interval g = gets.interval();
      double drained = fixture.awaitRecoQueue(ServeFixture.BATCH, Duration.ofMinutes(2));
      if (gets.firstError() != null && firstError == null) {
        firstError = (rank ? "rank " : "") + strategy.apiName() + ": " + gets.firstError();
      }
      if (!report) {
        return;
      }
      Map<String, Long> usedCounts = new TreeMap<>();
      used.forEach((k, v) -> usedCounts.put(k, v.sum()));
      // Send lag never biases the latencies (they count from the intended time); it only makes the
      // load
      // burstier than planned, which matters once the lag nears the 5 ms goal.
      boolean keptUp =
          g.sent() >= Math.floor(0.99 * rate * paced)
              && g.sendLag().getValueAtPercentile(99) <= 5e6;
      Histogram h = g.latency();
      Row row =
          new Row(
              strategy.apiName(),
              in != null,
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
              g.sendLag().getMaxValue() / 1e6,
              gets.peakInFlight(),
              keptUp,
              in == null ? 0 : eventRate,
              in == null ? 0 : in.units() / paced,
              in == null ? 0 : ms(in.latency(), 99),
              in == null ? 0 : in.refused(),
              in == null ? 0 : in.errors(),
              usedCounts,
              cpu.process(),
              cpu.others(),
              rank ? RANK : RECOMMENDATIONS);
      (rank ? rankMeasured : measured).add(row);
      print(row);
      if (drained > 1) {
        log.printf(
            "    (the recommendation writer needed %.1f s afterwards to catch up)%n", drained);
      }
    }

    /** 65,536 requests for users drawn by activity, cycled; the same users for every row. */
    private HttpRequest[] requests(Strategy strategy) {
      SplittableRandom random = new SplittableRandom(5);
      Zipf activity = new Zipf(ServeFixture.USERS, 0.5); // SyntheticTraffic's user activity law
      String query = strategy == Strategy.AUTO ? "?n=10" : "?n=10&strategy=" + strategy.apiName();
      HttpRequest[] requests = new HttpRequest[1 << 16];
      for (int i = 0; i < requests.length; i++) {
        URI uri =
            URI.create(
                fixture.baseUri()
                    + "/v1/recommendations/u-"
                    + (activity.sample(random) + 1)
                    + query);
        requests[i] = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
      }
      return requests;
    }

    /**
     * 65,536 rank requests, cycled: the users of {@link #requests}, each with {@value #RANK_CANDIDATES}
     * distinct items of one category drawn by the catalog's popularity law.
     */
    private HttpRequest[] rankRequests(Strategy strategy) {
      SplittableRandom users = new SplittableRandom(5);
      SplittableRandom items = new SplittableRandom(6);
      Zipf activity = new Zipf(ServeFixture.USERS, 0.5);
      Catalog catalog = fixture.catalog();
      int categories = catalog.categories().size();
      URI uri = URI.create(fixture.baseUri() + "/v1/rank");
      String strategyField =
          strategy == Strategy.AUTO ? "" : ",\"strategy\":\"" + strategy.apiName() + "\"";
      HttpRequest[] requests = new HttpRequest[1 << 16];
      Set<String> candidates = new LinkedHashSet<>();
      for (int i = 0; i < requests.length; i++) {
        int c = items.nextInt(categories);
        candidates.clear();
        while (candidates.size() < RANK_CANDIDATES) {
          candidates.add(catalog.sampleItem(c, items).id());
        }
        StringBuilder body =
            new StringBuilder("{\"user_id\":\"u-")
                .append(activity.sample(users) + 1)
                .append("\",\"items\":[");
        int k = 0;
        for (String id : candidates) {
          body.append(k++ == 0 ? "\"" : ",\"").append(id).append('"');
        }
        body.append(']').append(strategyField).append('}');
        requests[i] =
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
      }
      return requests;
    }
  }

  private void print(Row row) {
    log.printf(
        "  %-9s %-11s %,5d/s: %,6d sent, %,5.0f/s answered; p50 %7.2f ms, p90 %7.2f ms, p99 %7.2f ms, "
            + "p99.9 %7.2f ms, max %7.2f ms; errors %d; send lag p99 %.2f ms, max %.2f ms, %d in flight at most "
            + "(%s)%s; answered by %s; cpu: this process %.2f cores, others %.2f%n",
        RANK.equals(row.endpoint()) ? "rank " + row.strategy() : row.strategy(),
        row.ingesting() ? "(ingesting)" : "(no ingest)",
        (int) row.targetRequestsPerSecond(),
        row.requests(),
        row.requestsPerSecond(),
        row.p50Ms(),
        row.p90Ms(),
        row.p99Ms(),
        row.p999Ms(),
        row.maxMs(),
        row.errors(),
        row.sendLagP99Ms(),
        row.sendLagMaxMs(),
        row.peakInFlight(),
        row.keptUp() ? "kept up" : "fell behind",
        !row.ingesting()
            ? ""
            : String.format(
                "; ingest %,.0f events/s (p99 %.1f ms, refused %d, errors %d)",
                row.ingestEventsPerSecond(),
                row.ingestP99Ms(),
                row.ingestRefused(),
                row.ingestErrors()),
        row.used(),
        row.cpuProcess(),
        row.cpuOthers());
  }

  /** The events a 202 accepted; a 503 (backpressure) is refused; anything else an error. */
  private static long accepted(HttpResponse<String> resp) {
    if (resp.statusCode() == 503) {
      return OpenLoop.REFUSED;
    }
    if (resp.statusCode() != 202) {
      return OpenLoop.ERROR;
    }
    Matcher m = ACCEPTED.matcher(resp.body());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }
}
