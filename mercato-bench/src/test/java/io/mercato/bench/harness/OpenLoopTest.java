package io.mercato.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicInteger calls = new AtomicInteger();

  /** Released to end the first request's stall. */
  private final CountDownLatch stall = new CountDownLatch(1);

  private URI uri;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext(
        "/",
        exchange -> {
          int n = calls.incrementAndGet();
          if (n == 1) {
            try {
              stall.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int status = exchange.getRequestURI().getPath().equals("/busy") && n % 2 == 0 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    stall.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void requestsDueDuringAStallCountTheStallAsLatency() throws Exception {
    // One request outstanding at most: a closed-loop generator would send nothing while the first
    // request stalls and record one slow request. Open loop records every request that was due.
    OpenLoop loop =
        new OpenLoop(
            "test",
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
            100,
            i -> HttpRequest.newBuilder(uri.resolve("/ok")).build(),
            r -> r.statusCode() == 200 ? 1 : OpenLoop.ERROR,
            1);
    loop.start();
    Thread.sleep(300);
    stall.countDown();
    // let the generator work off what fell due during the stall (one at a time, as maxInFlight is
    // 1);
    // waiting for the count rather than a fixed time keeps a slow machine from failing the test
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (calls.get() < 45 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    loop.stop();
    OpenLoop.Interval r = loop.interval();

    assertThat(r.errors()).isZero();
    assertThat(r.ok()).isEqualTo(r.sent()).isGreaterThanOrEqualTo(45);
    // about 30 requests were due in the 300 ms stall; each waited for it to end
    assertThat(r.latency().getCountBetweenValues(100_000_000L, Long.MAX_VALUE))
        .isGreaterThanOrEqualTo(10);
    assertThat(r.latency().getMaxValue()).isGreaterThanOrEqualTo(200_000_000L);
    assertThat(r.sendLag().getMaxValue()).isGreaterThanOrEqualTo(150_000_000L);
  }

  @Test
  void refusalsAreCountedApartFromErrorsAndSuccesses() throws Exception {
    stall.countDown();
    OpenLoop loop =
        new OpenLoop(
            "test",
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
            200,
            i -> HttpRequest.newBuilder(uri.resolve("/busy")).build(),
            r ->
                r.statusCode() == 200
                    ? 3
                    : r.statusCode() == 503 ? OpenLoop.REFUSED : OpenLoop.ERROR,
            8);
    loop.start();
    Thread.sleep(200);
    loop.stop();
    OpenLoop.Interval r = loop.interval();

    assertThat(r.errors()).isZero();
    assertThat(r.refused()).isPositive();
    assertThat(r.ok()).isPositive();
    assertThat(r.ok() + r.refused()).isEqualTo(r.sent());
    assertThat(r.units()).isEqualTo(3 * r.ok());
    assertThat(r.latency().getTotalCount()).isEqualTo(r.ok());
    assertThat(loop.interval().sent()).as("a second interval starts empty").isZero();
  }
}
