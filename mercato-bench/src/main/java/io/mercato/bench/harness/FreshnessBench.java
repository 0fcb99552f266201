package io.mercato.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.core.event.Event;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.synthetic.EventJson;
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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Event-to-profile freshness under load: how long after {@code POST /v1/events} answers {@code 202}
 * the event shows in {@code GET /v1/users/{id}/profile}.
 *
 * <p>An in-process Mercato server (embedded engine, journal with group-commit fsync) on loopback
 * receives a steady background load at a fixed target rate, in batches of 500, paced by absolute send times
 * so a slow response delays no later batch (up to 32 requests in flight; a pacer that falls behind
 * catches up, and the achieved rate is reported). The background bodies are a pre-serialised pool of
 * synthetic events without {@code event_id} (the engine assigns one), so cycling through the pool
 * never deduplicates. Meanwhile one probe thread, back to back: POSTs one {@code view} of a fresh
 * item id for user {@code probe-user} (event time strictly increasing), and as soon as the 202
 * arrives polls the profile until that item is first in {@code recent_items}. Freshness is the time
 * from the 202 to the arrival of the first response showing the item; also reported: reads needed
 * (the engine serves profile reads after every acknowledged event, so one read should always do),
 * and the probe's own ack latency. 2,000 probes after 200 unrecorded warm-up probes (100 and none
 * with {@code --quick}).
 *
 * <p>Two setups, each at about half of its measured HTTP ingest peak (BENCHMARKS.md), as the
 * statistics issue asks:
 * <ul>
 *   <li>{@code statistics}: the statistics aggregates alone (the recommenders count only an event type
 *       this stream never carries, as in {@link EngineBench}), 60,000 events/s (peak about 137,000);
 *   <li>{@code statistics+recommenders}: the default configuration, 22,000 events/s (peak about
 *       45,000, where the single recommendation writer is the limit).
 * </ul>
 * With {@code --quick}, 10,000 and 5,000 events/s.
 *
 * <p>Run: {@code ./mercato bench freshness [--quick] [--json]}.
 */
public final class FreshnessBench {
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final String PROBE_USER = "probe-user";
  private static final int BATCH = 500;
  private static final int MAX_IN_FLIGHT = 32;
  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The measured result. Times in ms; {@code visible*} from the probe's 202 to the first profile
   * response that shows its item; {@code ack*} the probe POST's own latency.
   */
  public record Result(
      String setup,
      int probes,
      double visibleP50Ms,
      double visibleP99Ms,
      double visibleP999Ms,
      double visibleMaxMs,
      double meanReads,
      long maxReads,
      double ackP50Ms,
      double ackP99Ms,
      double targetEventsPerSecond,
      double backgroundEventsPerSecond,
      long backgroundErrors,
      long probeErrors) {}

  private final boolean quick;
  private final PrintStream log;
  private final ObjectMapper json = new ObjectMapper();

  public FreshnessBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  /** Both setups, statistics alone first. */
  public List<Result> run() throws IOException, InterruptedException {
    return List.of(
        run("statistics", quick ? 10_000 : 60_000, EngineBench::statisticsOnly),
        run("statistics+recommenders", quick ? 5_000 : 22_000, c -> c));
  }

  private Result run(String setup, int rate, UnaryOperator<EngineConfig> configure)
      throws IOException, InterruptedException {
    int probes = quick ? 100 : 2_000;
    int warmup = quick ? 0 : 200;
    List<byte[]> pool = bodies(quick ? 40 : 400);
    Path dir = Files.createTempDirectory("mercato-bench-freshness");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine =
        Engine.start(configure.apply(EngineConfig.defaults(dir)), InstantSource.system(), registry);
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 5 << 20), engine, registry)) {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      String base = "http://127.0.0.1:" + server.port();
      PacedLoad load = new PacedLoad(URI.create(base + "/v1/events"), pool, rate);
      load.start();
      try {
        Thread.sleep(
            quick
                ? 200
                : 2_000); // let the background reach its pace (and, in a full run, the JIT warm up)
        Probe probe = new Probe(base, setup);
        probe.run(warmup); // not recorded
        long acceptedBefore = load.accepted.get();
        long t0 = System.nanoTime();
        Result partial = probe.run(probes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double achieved = (load.accepted.get() - acceptedBefore) / seconds;
        Result r =
            new Result(
                setup,
                partial.probes(),
                partial.visibleP50Ms(),
                partial.visibleP99Ms(),
                partial.visibleP999Ms(),
                partial.visibleMaxMs(),
                partial.meanReads(),
                partial.maxReads(),
                partial.ackP50Ms(),
                partial.ackP99Ms(),
                rate,
                achieved,
                load.errors.get(),
                partial.probeErrors());
        log.printf(
            "  %s: %,d probes in %.1f s under %,.0f events/s (target %,d): visible p50 %.2f ms, p99 %.2f ms, "
                + "p99.9 %.2f ms, max %.2f ms after the 202; reads needed mean %.2f, max %d; probe ack p50 %.2f ms, "
                + "p99 %.2f ms; errors: background %d, probe %d%n",
            setup,
            r.probes(),
            seconds,
            r.backgroundEventsPerSecond(),
            rate,
            r.visibleP50Ms(),
            r.visibleP99Ms(),
            r.visibleP999Ms(),
            r.visibleMaxMs(),
            r.meanReads(),
            r.maxReads(),
            r.ackP50Ms(),
            r.ackP99Ms(),
            r.backgroundErrors(),
            r.probeErrors());
        if (load.firstError.get() != null) {
          log.println("  first background error: " + load.firstError.get());
        }
        return r;
      } finally {
        load.stop();
      }
    } finally {
      engine.close();
      IngestBench.deleteRecursively(dir);
    }
  }

  /** {@code n} JSON-array bodies of {@value #BATCH} synthetic events each, without event ids. */
  private static List<byte[]> bodies(int n) {
    SyntheticTraffic traffic =
        SyntheticTraffic.builder().seed(13).idPrefix("fresh-").users(100_000).items(20_000).build();
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Event> batch = new ArrayList<>(BATCH);
      for (Event e : traffic.next(BATCH)) {
        batch.add(
            new Event(
                e.eventId(),
                true,
                e.type(),
                e.userId(),
                e.itemId(),
                e.adId(),
                e.campaignId(),
                e.category(),
                e.value(),
                e.timestampMillis(),
                e.attributes()));
      }
      out.add(EventJson.array(batch));
    }
    return out;
  }

  /** Sends the pool round-robin at a fixed rate until stopped, counting accepted events. */
  private static final class PacedLoad {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    /** The first failure, to say what went wrong; null while there was none. */
    final AtomicReference<String> firstError = new AtomicReference<>();

    private final URI uri;
    private final List<byte[]> pool;
    private final long intervalNanos;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread pacer;
    private volatile boolean stopped;

    PacedLoad(URI uri, List<byte[]> pool, int eventsPerSecond) {
      this.uri = uri;
      this.pool = pool;
      this.intervalNanos = 1_000_000_000L * BATCH / eventsPerSecond;
      this.client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(executor)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      this.pacer = new Thread(this::pace, "freshness-background-load");
    }

    void start() {
      pacer.start();
    }

    private void pace() {
      long start = System.nanoTime();
      for (long i = 0; !stopped; i++) {
        long wait;
        while (!stopped && (wait = start + i * intervalNanos - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        try {
          inFlight.acquire();
        } catch (InterruptedException e) {
          return;
        }
        if (stopped) {
          inFlight.release();
          return;
        }
        HttpRequest req =
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(pool.get((int) (i % pool.size()))))
                .build();
        client
            .sendAsync(req, HttpResponse.BodyHandlers.ofString())
            .whenComplete(
                (resp, err) -> {
                  if (err != null || resp.statusCode() != 202) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(
                        null, err != null ? err.toString() : resp.statusCode() + " " + resp.body());
                  } else {
                    Matcher m = ACCEPTED.matcher(resp.body());
                    if (m.find()) {
                      accepted.addAndGet(Long.parseLong(m.group(1)));
                    }
                  }
                  inFlight.release();
                });
      }
    }

    /** Stops pacing and waits (up to a minute) for the requests in flight. */
    void stop() throws InterruptedException {
      stopped = true;
      pacer.join();
      inFlight.tryAcquire(MAX_IN_FLIGHT, 1, TimeUnit.MINUTES);
      executor.shutdownNow();
    }
  }

  /** The probe: one fresh item at a time, polled until it heads the probe user's recent items. */
  private final class Probe {
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String setup;
    private final URI events;
    private final URI profile;
    private long lastMillis;
    private int next;

    Probe(String base, String setup) {
      this.setup = setup;
      this.events = URI.create(base + "/v1/events");
      this.profile = URI.create(base + "/v1/users/" + PROBE_USER + "/profile");
    }

    /** Runs {@code n} probes; only the fields about probes are filled in. */
    Result run(int n) throws IOException, InterruptedException {
      Histogram visible = new Histogram(60_000_000_000L, 3);
      Histogram ack = new Histogram(60_000_000_000L, 3);
      long reads = 0;
      long maxReads = 0;
      long failures = 0;
      for (int i = 0; i < n; i++) {
        String item = "fresh-item-" + (++next);
        lastMillis =
            Math.max(System.currentTimeMillis(), lastMillis + 1); // strictly newest: heads the list
        String body =
            "[{\"event_id\":\"probe-"
                + next
                + "\",\"type\":\"view\",\"user_id\":\""
                + PROBE_USER
                + "\",\"item_id\":\""
                + item
                + "\",\"timestamp\":\""
                + Instant.ofEpochMilli(lastMillis)
                + "\"}]";
        HttpRequest post =
            HttpRequest.newBuilder(events)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sent = System.nanoTime();
        HttpResponse<String> posted = client.send(post, HttpResponse.BodyHandlers.ofString());
        long acked = System.nanoTime();
        if (posted.statusCode() != 202) {
          failures++;
          continue;
        }
        ack.recordValue(Math.min(acked - sent, ack.getHighestTrackableValue()));
        HttpRequest get =
            HttpRequest.newBuilder(profile).timeout(Duration.ofSeconds(60)).GET().build();
        int tries = 0;
        long seen = -1;
        while (seen < 0 && System.nanoTime() - acked < VISIBILITY_TIMEOUT.toNanos()) {
          HttpResponse<String> got = client.send(get, HttpResponse.BodyHandlers.ofString());
          long arrived = System.nanoTime();
          tries++;
          if (got.statusCode() == 200
              && item.equals(
                  json.readTree(got.body())
                      .path("recent_items")
                      .path(0)
                      .path("item_id")
                      .asText())) {
            seen = arrived;
          }
        }
        if (seen < 0) {
          failures++;
          continue;
        }
        visible.recordValue(Math.min(seen - acked, visible.getHighestTrackableValue()));
        reads += tries;
        maxReads = Math.max(maxReads, tries);
      }
      int ok = (int) visible.getTotalCount();
      return new Result(
          setup,
          ok,
          ms(visible, 50),
          ms(visible, 99),
          ms(visible, 99.9),
          visible.getMaxValue() / 1e6,
          ok == 0 ? 0 : (double) reads / ok,
          maxReads,
          ms(ack, 50),
          ms(ack, 99),
          0,
          0,
          0,
          failures);
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }
}
