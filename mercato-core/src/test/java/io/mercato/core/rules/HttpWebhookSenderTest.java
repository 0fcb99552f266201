package io.mercato.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sender against a real local HTTP server (the JDK's), with recorded instead of slept waits. */
class HttpWebhookSenderTest {
  HttpServer server;
  final AtomicInteger calls = new AtomicInteger();
  final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
  volatile int[] statuses = {204};
  final List<Duration> waits = new ArrayList<>();
  HttpWebhookSender sender;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        x -> {
          int n = calls.getAndIncrement();
          bodies.add(
              new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                  + " "
                  + x.getRequestHeaders().getFirst("Content-Type"));
          x.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
          x.close();
        });
    server.start();
    sender =
        new HttpWebhookSender(
            HttpClient.newHttpClient(),
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            waits::add);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @Test
  void aDeliveredNotificationPostsTheJsonBodyOnce() {
    Delivery d = sender.send(url(), "{\"rule\":\"r@1\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(d).isEqualTo(new Delivery(true, 1, 204, ""));
    assertThat(bodies).containsExactly("{\"rule\":\"r@1\"} application/json");
    assertThat(waits).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedWithExponentialBackoff() {
    statuses = new int[] {503, 500, 200};
    Delivery d = sender.send(url(), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(d.delivered()).isTrue();
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aFailureAfterEveryAttemptSaysWhy() {
    statuses = new int[] {502};
    Delivery d = sender.send(url(), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(d).isEqualTo(new Delivery(false, 3, 502, "HTTP 502"));
    assertThat(d.describe("http://x"))
        .isEqualTo("failed to reach http://x after 3 attempts: HTTP 502");
  }

  @Test
  void aRefusalIsNotRetried() {
    statuses = new int[] {400};
    Delivery d = sender.send(url(), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.error()).contains("not retried");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void anUnreachableReceiverIsRetriedAndReported() {
    server.stop(0);
    Delivery d = sender.send(url(), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(d.delivered()).isFalse();
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.status()).isEqualTo(-1);
    assertThat(d.error()).contains("ConnectException");
  }
}
