package io.mercato.bench.harness;

import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.synthetic.SyntheticTraffic;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the console's live streams cost ingestion: HTTP ingest throughput (batches of 500, 16 in
 * flight, durability on, as {@link IngestBench}) of one in-process server, measured in alternating
 * rounds without and with {@value #PAGES} open dashboard pages, in one run. A page holds the streams
 * a campaign page opens ({@code /v1/campaigns/{id}/kpis/stream} of a campaign the traffic hits, so
 * its "significant change" pushes fire too) plus, where the server has them, the overview and audit
 * streams. Each stream is read to the end by a client that counts its events, so the server does the
 * whole work of every push. Reports each round, the medians, and the cost in percent of the median
 * without pages; and, since throughput on a shared machine swings with the neighbours' load, two
 * numbers less exposed to it: this process's CPU per ingested event in each round (load generator
 * and stream readers included), and the cores the open pages cost with no ingest at all (the pushes
 * alone, server and readers), each with the cores the rest of the machine used meanwhile.
 *
 * <p>Run: {@code ./mercato bench console [--quick] [--json]}.
 */
public final class ConsoleStreamsBench {
  static final int PAGES = 50;

  /** The outcome: rounds alternate without/with pages; {@code costPercent} compares the medians. */
  public record Result(
      int pages,
      int streamsPerPage,
      List<Double> withoutPages,
      List<Double> withPages,
      double medianWithout,
      double medianWith,
      double costPercent,
      double cpuMicrosPerEventWithout,
      double cpuMicrosPerEventWith,
      double idleCoresWithout,
      double idleCoresWith,
      double otherCores,
      long streamEvents) {}

  private final boolean quick;
  private final PrintStream log;

  public ConsoleStreamsBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  public Result run() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("mercato-bench-console");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine = Engine.start(EngineConfig.defaults(dir), InstantSource.system(), registry);
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 5 << 20), engine, registry)) {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      String base = "http://127.0.0.1:" + server.port();
      SyntheticTraffic traffic =
          SyntheticTraffic.builder()
              .seed(11)
              .idPrefix("console-bench-")
              .users(100_000)
              .items(20_000)
              .build();
      String campaign = traffic.catalog().campaigns().get(0).id();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      putCampaign(client, base, campaign);
      List<String> streams =
          new ArrayList<>(List.of("/v1/campaigns/" + campaign + "/kpis/stream?window=1h"));
      // the overview and audit streams, where this server has them (probed with their plain reads)
      if (status(client, base + "/v1/overview") == 200) {
        streams.add("/v1/overview/stream");
      }
      if (status(client, base + "/v1/audit?limit=1") == 200) {
        streams.add("/v1/audit/stream?campaign=" + campaign);
      }
      URI events = URI.create(base + "/v1/events");
      IngestBench ingest = new IngestBench(quick, log);
      int requests = (quick ? 20_000 : 400_000) / 500;
      int rounds = quick ? 2 : 4;
      ingest.measure(
          events,
          traffic,
          500,
          16,
          (quick ? 10_000 : 200_000) / 500,
          false); // warm-up, not reported
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      List<Double> cpuWithout = new ArrayList<>();
      List<Double> cpuWith = new ArrayList<>();
      List<Double> others = new ArrayList<>();
      AtomicLong received = new AtomicLong();
      for (int round = 0; round < rounds; round++) {
        without.add(timed(ingest, events, traffic, requests, cpuWithout, others));
        log.printf(
            "  round %d without pages: %,10.0f events/s, %.1f µs CPU/event (other processes: %.2f cores)%n",
            round + 1, without.get(round), cpuWithout.get(round), others.get(others.size() - 1));
        try (Pages pages = Pages.open(base, streams, PAGES, received)) {
          pages.awaitFirstEvents(Duration.ofSeconds(30));
          with.add(timed(ingest, events, traffic, requests, cpuWith, others));
        }
        log.printf(
            "  round %d with %d pages:  %,10.0f events/s, %.1f µs CPU/event (other processes: %.2f cores)%n",
            round + 1, PAGES, with.get(round), cpuWith.get(round), others.get(others.size() - 1));
      }
      // the pushes alone: this process's cores over idle intervals, alternately without and with
      // the pages
      // open, after the ingest's after-work (journal, snapshot, GC) settled
      Duration idle = Duration.ofSeconds(quick ? 2 : 5);
      Thread.sleep(quick ? 2_000 : 10_000);
      List<CpuUse.Cores> idleWithoutRounds = new ArrayList<>();
      List<CpuUse.Cores> idleWithRounds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        idleWithoutRounds.add(idleCores(idle));
        try (Pages pages = Pages.open(base, streams, PAGES, received)) {
          pages.awaitFirstEvents(Duration.ofSeconds(30));
          idleWithRounds.add(idleCores(idle));
        }
      }
      CpuUse.Cores idleWithout = medianCores(idleWithoutRounds);
      CpuUse.Cores idleWith = medianCores(idleWithRounds);
      double a = median(without);
      double b = median(with);
      double cost = 100.0 * (a - b) / a;
      log.printf(
          "  %d pages x %d streams (%s): median %,.0f -> %,.0f events/s, cost %.1f%% (%,d stream events read)%n",
          PAGES, streams.size(), String.join(", ", streams), a, b, cost, received.get());
      log.printf(
          "  CPU per event, median: %.1f -> %.1f µs; idle (no ingest), median of 3 x %s: %.3f -> %.3f cores of "
              + "this process (other processes meanwhile: %.2f and %.2f cores)%n",
          median(cpuWithout),
          median(cpuWith),
          idle,
          idleWithout.process(),
          idleWith.process(),
          idleWithout.others(),
          idleWith.others());
      return new Result(
          PAGES,
          streams.size(),
          without,
          with,
          a,
          b,
          cost,
          median(cpuWithout),
          median(cpuWith),
          idleWithout.process(),
          idleWith.process(),
          median(others),
          received.get());
    } finally {
      engine.close();
      IngestBench.deleteRecursively(dir);
    }
  }

  /** One measured ingest run: its events/s; its process CPU per event (µs) and others' cores are added to the lists. */
  private static double timed(
      IngestBench ingest,
      URI events,
      SyntheticTraffic traffic,
      int requests,
      List<Double> cpu,
      List<Double> others)
      throws InterruptedException {
    CpuUse.Sample from = CpuUse.sample();
    IngestBench.Row row = ingest.measure(events, traffic, 500, 16, requests, false);
    CpuUse.Sample to = CpuUse.sample();
    CpuUse.Cores cores = CpuUse.between(from, to);
    cpu.add((to.processNanos() - from.processNanos()) / 1e3 / Math.max(1, row.events()));
    others.add(cores.others());
    return row.eventsPerSecond();
  }

  private static CpuUse.Cores medianCores(List<CpuUse.Cores> xs) {
    return new CpuUse.Cores(
        median(xs.stream().map(CpuUse.Cores::process).toList()),
        median(xs.stream().map(CpuUse.Cores::others).toList()));
  }

  private static CpuUse.Cores idleCores(Duration interval) throws InterruptedException {
    CpuUse.Sample from = CpuUse.sample();
    Thread.sleep(interval.toMillis());
    return CpuUse.between(from, CpuUse.sample());
  }

  private static void putCampaign(HttpClient client, String base, String id)
      throws IOException, InterruptedException {
    String body =
        "{\"name\": \"Console bench\", \"start\": \"2020-01-01T00:00:00Z\", \"end\": \"2100-01-01T00:00:00Z\","
            + " \"status\": \"active\", \"currency\": \"EUR\", \"total_budget\": 1000000, \"daily_budget\": 100000,"
            + " \"goals\": {\"participants\": 100000, \"conversions\": 1000}}";
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/campaigns/" + id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "cannot create the bench campaign: " + r.statusCode() + " " + r.body());
    }
  }

  private static int status(HttpClient client, String url)
      throws IOException, InterruptedException {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** {@code pages} browsers' worth of SSE connections, each read line by line until closed. */
  private static final class Pages implements AutoCloseable {
    private final List<Lines> open = new ArrayList<>();
    private final AtomicLong opened = new AtomicLong();
    private final ExecutorService pool;
    private int connections;

    private final AtomicLong received;
    private final long receivedBefore;

    private Pages(ExecutorService pool, AtomicLong received) {
      this.pool = pool;
      this.received = received;
      this.receivedBefore = received.get();
    }

    static Pages open(String base, List<String> streams, int pages, AtomicLong received) {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "console-bench-page");
                t.setDaemon(true);
                return t;
              });
      Pages p = new Pages(pool, received);
      HttpClient client =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
      for (int i = 0; i < pages; i++) {
        for (String s : streams) {
          HttpRequest req =
              HttpRequest.newBuilder(URI.create(base + s))
                  .header("Accept", "text/event-stream")
                  .GET()
                  .build();
          Lines lines = new Lines(received, p.opened);
          p.open.add(lines);
          p.connections++;
          client.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(lines));
        }
      }
      return p;
    }

    /**
     * Waits until every connection is open (its body started) and the streams delivered events, so they
     * are live before ingest is timed. (The audit stream sends only new entries: it may stay quiet.)
     */
    void awaitFirstEvents(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (opened.get() < connections || received.get() < receivedBefore + connections / 2) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only "
                  + opened.get()
                  + " of "
                  + connections
                  + " streams opened, "
                  + (received.get() - receivedBefore)
                  + " events");
        }
        Thread.sleep(20);
      }
    }

    /** Cancels every subscription, which closes its connection (Java 17's client has no close()). */
    @Override
    public void close() {
      open.forEach(Lines::cancel);
      pool.shutdown();
    }
  }

  /** Counts the {@code data:} lines of one stream, without blocking a thread while it waits. */
  private static final class Lines implements Flow.Subscriber<String> {
    private final AtomicLong received;
    private final AtomicLong opened;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    Lines(AtomicLong received, AtomicLong opened) {
      this.received = received;
      this.opened = opened;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      opened.incrementAndGet();
      if (cancelled) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("data:")) {
        received.incrementAndGet();
      }
    }

    @Override
    public void onError(Throwable t) {
      // a cancelled or closed stream ends here; nothing to report
    }

    @Override
    public void onComplete() {}

    void cancel() {
      cancelled = true;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
