package io.mercato.app.bench;

import io.mercato.core.reco.Strategy;
import io.mercato.engine.AlsStatus;
import io.mercato.testkit.Zipf;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Recommendation serving latency while ingesting, measured open-loop.
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
 * are asked for most and a few are unknown and get popular items); at most 256 outstanding. And
 * {@code POST /v1/events} at 20,000 events/s in batches of 500 (40 requests/s; at most 64
 * outstanding) of fresh events; a {@code 503} (the engine's backpressure) is counted as refused, not
 * retried. Latency is from each request's intended send time, so stalls are not hidden.
 *
 * <p>Rows, full run (quick: 200 requests/s and 2,000 events/s instead of 2,000 and 20,000, 50/s for
 * warm-ups and low rates, 0.5 s per row and 1.5 s for the goal's, no sweep):
 * <ol>
 *   <li>without ingest, after a 5 s warm-up at 250/s: {@code popular} at 2,000/s (the HTTP path
 *       itself) and {@code auto} at 100/s, 10 s each;</li>
 *   <li>with ingest, after a 5 s warm-up at 100/s: {@code auto} at 100, 200 and 400/s, 10 s each
 *       (where the goal holds, if anywhere);</li>
 *   <li>with ingest: the goal, {@code auto} at 2,000/s for 30 s; then {@code popular},
 *       {@code item_cf}, {@code user_cf}, {@code als} at 2,000/s, 10 s each. An overloaded row shows
 *       the rate the server answered at.</li>
 * </ol>
 * Between rows the generator waits for the answers still due (they belong to the row) and for the
 * recommendation writer's queue to drain to one batch, so no row inherits another's backlog.
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
   * at most 1 ms; {@code used} counts answers by what produced them; ingest numbers are for the same
   * period (0 without ingest).
   */
  public record Row(String strategy, boolean ingesting, double seconds, long requests, long ok, long errors,
      double targetRequestsPerSecond, double requestsPerSecond, double p50Ms, double p90Ms, double p99Ms,
      double p999Ms, double maxMs, double sendLagP99Ms, double sendLagMaxMs, long peakInFlight, boolean keptUp,
      double targetEventsPerSecond, double ingestEventsPerSecond, double ingestP99Ms, long ingestRefused,
      long ingestErrors, Map<String, Long> used) {}

  /** The setup and every row. */
  public record Result(long preloadEvents, double preloadSeconds, int recoUsers, int recoItems,
      String alsModel, int alsIterations, double alsTrainSeconds, List<Row> rows, String firstError) {}

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
    // Quick runs check the harness on any machine (CI), so their rates stay far below what it sustains.
    this.goalRate = quick ? 200 : 2_000;
    this.eventRate = quick ? 2_000 : 20_000;
    this.sweep = quick ? new int[0] : new int[] {100, 200, 400};
    this.warmupRate = quick ? 50 : 250;
    this.lowRate = quick ? 50 : 100;
  }

  public Result run() throws IOException, InterruptedException {
    double rowSeconds = quick ? 0.5 : 10;
    double warmup = quick ? 0.5 : 5;
    double goalSeconds = quick ? 1.5 : 30;
    long preload = quick ? 100_000 : 2_000_000;
    // Fresh events for every row with ingest, with room for the drains between rows.
    double ingestSeconds = 2 * (warmup + goalSeconds + (4 + sweep.length) * rowSeconds) + 10;
    long liveEvents = (long) (ingestSeconds * eventRate);
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
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
      log.printf("  preloaded %,d events through the engine in %.1f s: %,d users and %,d items with interactions%n",
          preload, preloadSeconds, recoUsers, recoItems);
      t0 = System.nanoTime();
      AlsStatus als = f.trainAls();
      double alsSeconds = (System.nanoTime() - t0) / 1e9;
      log.printf("  trained iALS %s from the journal in %.1f s (%d factors, %d iterations; %,d users x %,d items)%n",
          als.modelVersion(), alsSeconds, f.engine.config().als().factors(), f.alsIterations, als.users(),
          als.items());
      List<byte[]> bodies = f.liveBodies(liveEvents, eventRate);

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpClient ingestClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
          .connectTimeout(Duration.ofSeconds(5)).build();
      URI events = URI.create(f.baseUri() + "/v1/events");
      OpenLoop ingest = new OpenLoop("serve-bench-ingest", ingestClient, (double) eventRate / ServeFixture.BATCH,
          i -> HttpRequest.newBuilder(events).header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (i % bodies.size())))).build(),
          ServeBench::accepted, 64);
      Rows rows = new Rows(f, client);
      rows.run(Strategy.AUTO, warmupRate, warmup, null, false);
      rows.run(Strategy.POPULAR, goalRate, rowSeconds, null, true);
      rows.run(Strategy.AUTO, lowRate, rowSeconds, null, true);
      ingest.start();
      try {
        rows.run(Strategy.AUTO, lowRate, warmup, ingest, false);
        for (int rate : sweep) {
          rows.run(Strategy.AUTO, rate, rowSeconds, ingest, true);
        }
        rows.run(Strategy.AUTO, goalRate, goalSeconds, ingest, true);
        for (Strategy s : List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.ALS)) {
          rows.run(s, goalRate, rowSeconds, ingest, true);
        }
      } finally {
        ingest.stop();
      }
      if (ingest.firstError() != null && rows.firstError == null) {
        rows.firstError = "ingest: " + ingest.firstError();
      }
      if (rows.firstError != null) {
        log.println("  first error: " + rows.firstError);
      }
      return new Result(preload, preloadSeconds, recoUsers, recoItems, als.modelVersion(), f.alsIterations,
          alsSeconds, rows.measured, rows.firstError);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs the GET generator phase by phase against one fixture, keeping the reported rows. */
  private final class Rows {
    final List<Row> measured = new ArrayList<>();
    String firstError;
    private final ServeFixture fixture;
    private final HttpClient client;

    Rows(ServeFixture fixture, HttpClient client) {
      this.fixture = fixture;
      this.client = client;
    }

    /**
     * Runs {@code strategy} at {@code rate} for {@code seconds} ({@code auto} sends no {@code strategy}
     * parameter), then waits for the answers still due and for the recommendation writer to catch up.
     * With {@code ingest} running, its numbers for the same period go into the row. Errors are kept
     * whether or not the row is reported.
     */
    void run(Strategy strategy, int rate, double seconds, OpenLoop ingest, boolean report)
        throws InterruptedException {
      HttpRequest[] requests = requests(strategy);
      Map<String, LongAdder> used = new ConcurrentHashMap<>();
      OpenLoop gets = new OpenLoop("serve-bench-recommendations", client, rate,
          i -> requests[(int) (i & (requests.length - 1))], resp -> {
            if (resp.statusCode() != 200) {
              return OpenLoop.ERROR;
            }
            Matcher m = USED.matcher(resp.body());
            used.computeIfAbsent(m.find() ? m.group(1) : "?", k -> new LongAdder()).increment();
            return 1;
          }, MAX_IN_FLIGHT);
      if (ingest != null) {
        ingest.interval(); // this row's ingest period starts now
      }
      gets.start();
      long start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      double paced = (System.nanoTime() - start) / 1e9;
      gets.stop(); // the answers still due belong to this row
      OpenLoop.Interval g = gets.interval();
      OpenLoop.Interval in = ingest == null ? null : ingest.interval();
      double drained = fixture.awaitRecoQueue(ServeFixture.BATCH, Duration.ofMinutes(2));
      if (gets.firstError() != null && firstError == null) {
        firstError = strategy.apiName() + ": " + gets.firstError();
      }
      if (!report) {
        return;
      }
      Map<String, Long> usedCounts = new TreeMap<>();
      used.forEach((k, v) -> usedCounts.put(k, v.sum()));
      boolean keptUp = g.sent() >= Math.floor(0.99 * rate * paced) && g.sendLag().getValueAtPercentile(99) <= 1e6;
      Histogram h = g.latency();
      Row row = new Row(strategy.apiName(), in != null, paced, g.sent(), g.ok(), g.errors(), rate, g.ok() / paced,
          ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6, ms(g.sendLag(), 99),
          g.sendLag().getMaxValue() / 1e6, gets.peakInFlight(), keptUp, in == null ? 0 : eventRate,
          in == null ? 0 : in.units() / in.seconds(), in == null ? 0 : ms(in.latency(), 99),
          in == null ? 0 : in.refused(), in == null ? 0 : in.errors(), usedCounts);
      measured.add(row);
      print(row);
      if (drained > 1) {
        log.printf("    (the recommendation writer needed %.1f s afterwards to catch up)%n", drained);
      }
    }

    /** 65,536 requests for users drawn by activity, cycled; the same users for every row. */
    private HttpRequest[] requests(Strategy strategy) {
      SplittableRandom random = new SplittableRandom(5);
      Zipf activity = new Zipf(ServeFixture.USERS, 0.5); // SyntheticTraffic's user activity law
      String query = strategy == Strategy.AUTO ? "?n=10" : "?n=10&strategy=" + strategy.apiName();
      HttpRequest[] requests = new HttpRequest[1 << 16];
      for (int i = 0; i < requests.length; i++) {
        URI uri = URI.create(fixture.baseUri() + "/v1/recommendations/u-" + (activity.sample(random) + 1) + query);
        requests[i] = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
      }
      return requests;
    }
  }

  private void print(Row row) {
    log.printf("  %-8s %-11s %,5d/s: %,6d sent, %,5.0f/s answered; p50 %7.2f ms, p90 %7.2f ms, p99 %7.2f ms, "
            + "p99.9 %7.2f ms, max %7.2f ms; errors %d; send lag p99 %.2f ms, max %.2f ms, %d in flight at most "
            + "(%s)%s; answered by %s%n",
        row.strategy(), row.ingesting() ? "(ingesting)" : "(no ingest)", (int) row.targetRequestsPerSecond(),
        row.requests(), row.requestsPerSecond(), row.p50Ms(), row.p90Ms(), row.p99Ms(), row.p999Ms(), row.maxMs(),
        row.errors(), row.sendLagP99Ms(), row.sendLagMaxMs(), row.peakInFlight(),
        row.keptUp() ? "kept up" : "fell behind",
        !row.ingesting() ? "" : String.format("; ingest %,.0f events/s (p99 %.1f ms, refused %d, errors %d)",
            row.ingestEventsPerSecond(), row.ingestP99Ms(), row.ingestRefused(), row.ingestErrors()), row.used());
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
