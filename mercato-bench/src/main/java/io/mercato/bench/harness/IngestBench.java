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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * HTTP ingest throughput with durability on: an in-process Mercato server (embedded engine, journal
 * with group-commit fsync) on loopback, and an in-process load generator that keeps a fixed number
 * of requests in flight with pre-serialised JSON bodies of 1, 50 and 500 events (bodies are built
 * before the clock starts, so the generator's own JSON work is not measured). A 503 (shard queues
 * full) is retried after 5 ms, like a client honouring Retry-After, and counted. Reports events/s
 * and request latency percentiles per batch size.
 *
 * <p>Run: {@code ./mercato bench ingest [--quick] [--json]}.
 */
public final class IngestBench {
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  /** One measured configuration. */
  public record Row(
      int batchSize,
      int concurrency,
      long requests,
      long events,
      double seconds,
      double eventsPerSecond,
      double p50Ms,
      double p99Ms,
      double p999Ms,
      double maxMs,
      long retries,
      long errors) {}

  private final boolean quick;
  private final PrintStream log;

  public IngestBench(boolean quick, PrintStream log) {
    this.quick = quick;
    this.log = log;
  }

  /** Runs every batch size against one fresh server and returns a row each. */
  public List<Row> run() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("mercato-bench-ingest");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Engine engine = Engine.start(EngineConfig.defaults(dir), InstantSource.system(), registry);
    List<Row> rows = new ArrayList<>();
    try (MercatoServer server =
        MercatoServer.start(new ServerConfig("127.0.0.1", 0, 5 << 20), engine, registry)) {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/events");
      SyntheticTraffic traffic =
          SyntheticTraffic.builder()
              .seed(7)
              .idPrefix("bench-")
              .users(100_000)
              .items(20_000)
              .build();
      if (!quick) {
        measure(uri, traffic, 500, 16, 200_000 / 500, false); // JIT warm-up, not reported
      }
      rows.add(measure(uri, traffic, 500, 16, (quick ? 40_000 : 2_000_000) / 500, true));
      rows.add(measure(uri, traffic, 50, 32, (quick ? 5_000 : 500_000) / 50, true));
      rows.add(measure(uri, traffic, 1, 64, quick ? 1_000 : 50_000, true));
    } finally {
      engine.close();
      deleteRecursively(dir);
    }
    return rows;
  }

  Row measure(
      URI uri, SyntheticTraffic traffic, int batch, int concurrency, int requests, boolean report)
      throws InterruptedException {
    List<byte[]> bodies = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      bodies.add(traffic.nextJsonArray(batch));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(pool)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Histogram latency = new Histogram(60_000_000_000L, 3);
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong accepted = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    List<CompletableFuture<?>> all = new ArrayList<>(requests);
    long start = System.nanoTime();
    for (byte[] body : bodies) {
      inFlight.acquire();
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      long t0 = System.nanoTime();
      all.add(
          sendWithRetry(client, req, retries)
              .whenComplete(
                  (resp, err) -> {
                    long took = System.nanoTime() - t0;
                    synchronized (latency) {
                      latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
                    }
                    if (err != null || resp.statusCode() != 202) {
                      errors.incrementAndGet();
                    } else {
                      Matcher m = ACCEPTED.matcher(resp.body());
                      if (m.find()) {
                        accepted.addAndGet(Long.parseLong(m.group(1)));
                      }
                    }
                    inFlight.release();
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    Row row =
        new Row(
            batch,
            concurrency,
            requests,
            accepted.get(),
            seconds,
            accepted.get() / seconds,
            latency.getValueAtPercentile(50) / 1e6,
            latency.getValueAtPercentile(99) / 1e6,
            latency.getValueAtPercentile(99.9) / 1e6,
            latency.getMaxValue() / 1e6,
            retries.get(),
            errors.get());
    if (report) {
      log.printf(
          "  batch %4d, %3d in flight: %,10.0f events/s  (%,d requests, p50 %.2f ms, p99 %.2f ms, "
              + "503 retries %d, errors %d)%n",
          batch,
          concurrency,
          row.eventsPerSecond(),
          requests,
          row.p50Ms(),
          row.p99Ms(),
          row.retries(),
          row.errors());
    }
    return row;
  }

  /**
   * Sends {@code req}, resending it after 5 ms whenever the server answers 503 (backpressure), as a
   * well-behaved client does; the latency recorded is the whole exchange, retries included.
   */
  private static CompletableFuture<HttpResponse<String>> sendWithRetry(
      HttpClient client, HttpRequest req, AtomicLong retries) {
    return client
        .sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            resp -> {
              if (resp.statusCode() != 503) {
                return CompletableFuture.completedFuture(resp);
              }
              retries.incrementAndGet();
              return CompletableFuture.runAsync(
                      () -> {}, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
                  .thenCompose(x -> sendWithRetry(client, req, retries));
            });
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
