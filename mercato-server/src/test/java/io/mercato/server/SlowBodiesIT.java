package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 6: request bodies trickling in at one byte every half second, from more connections
 * than the server has threads, must neither keep {@code /health} and {@code /ready} from answering
 * nor run forever. 300 real sockets against a server with a 3 s body deadline and room for 200
 * bodies in flight: health answers throughout, every slow request is answered 408 (cut off at its
 * deadline) or 503 (no room), and nothing is recorded.
 */
class SlowBodiesIT {
  private static final int SOCKETS = 300;
  private static final int MAX_CONCURRENT_BODIES = 200;
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dataDir;
  private TestServer t;
  private final List<Slow> slow = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void start() {
    ServerConfig config =
        new ServerConfig("127.0.0.1", 0, TestServer.MAX_BODY_BYTES)
            .withBodyLimits(Duration.ofSeconds(20), BODY_TIMEOUT, MAX_CONCURRENT_BODIES);
    t = TestServer.start(TestServer.engineConfig(dataDir, 65_536), config);
  }

  @AfterEach
  void stop() {
    trickle.shutdownNow();
    slow.forEach(Slow::close);
    t.close();
  }

  @Test
  void slowBodiesAreCutOffWhileHealthAndReadinessKeepAnswering() throws Exception {
    for (int i = 0; i < SOCKETS; i++) {
      slow.add(new Slow(t.server.port()));
    }
    // one more byte for every socket every 500 ms: never idle, never done (1,000 bytes declared)
    trickle.scheduleAtFixedRate(
        () -> slow.forEach(Slow::sendOneByte), 500, 500, TimeUnit.MILLISECONDS);

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    for (int round = 0; round < 4; round++) {
      for (String path : List.of("/health", "/ready")) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.server.port() + path))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s during the attack, round %d", path, round).isEqualTo(200);
      }
      Thread.sleep(500);
    }

    int timedOut = 0;
    int refused = 0;
    for (Slow s : slow) {
      String answer = s.readAnswer();
      int status = TestServer.rawStatus(answer);
      assertThat(status).as(answer).isIn(408, 503);
      assertThat(answer)
          .contains("Content-Type: application/problem+json")
          .contains("Connection: close");
      if (status == 408) {
        timedOut++;
        assertThat(answer).contains("https://mercato.dev/problems/request-timeout");
        assertThat(s.answeredAfterNanos())
            .as("cut off at the deadline, not before")
            .isGreaterThanOrEqualTo(BODY_TIMEOUT.toNanos());
      } else {
        refused++;
        assertThat(answer)
            .contains("https://mercato.dev/problems/overloaded")
            .contains("Retry-After: 1");
      }
    }
    assertThat(timedOut + refused).isEqualTo(SOCKETS);
    assertThat(timedOut).isPositive();
    assertThat(refused).isPositive();
    assertThat(counter("timeout")).isEqualTo(timedOut);
    assertThat(counter("busy")).isEqualTo(refused);

    // nothing of the slow requests was recorded, and the server takes a normal body right after
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isZero();
    assertThat(t.postJson(TestServer.event("e-1", "view", "u-1")).statusCode()).isEqualTo(202);
  }

  private double counter(String reason) {
    return t.registry.get("mercato.http.bodies.refused").tag("reason", reason).counter().count();
  }

  /**
   * A connection that sent its headers and one byte of a 1,000-byte body. Its own thread reads the
   * answer as soon as it comes (a byte written after the server closed would reset the connection and
   * could discard an answer not yet read), and from then on no more bytes are sent.
   */
  private static final class Slow {
    private final Socket socket;
    private final long startedNanos = System.nanoTime();
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private volatile long answeredNanos;

    Slow(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                      + "Content-Length: 1000\r\n\r\n{")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Thread reader = new Thread(this::read, "slow-body-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      byte[] buf = new byte[4096];
      try {
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          if (answeredNanos == 0) {
            answeredNanos = System.nanoTime();
          }
          answer.write(buf, 0, n);
        }
      } catch (IOException resetAfterTheAnswer) {
        // what was read is the answer
      }
      done.complete(answer.toString(StandardCharsets.UTF_8));
    }

    void sendOneByte() {
      if (answeredNanos != 0) {
        return;
      }
      try {
        socket.getOutputStream().write(' ');
        socket.getOutputStream().flush();
      } catch (IOException closedByTheServer) {
        // expected once the server answered and closed the connection
      }
    }

    /** Everything the server sent until it closed the connection (waits at most 30 s). */
    String readAnswer() throws Exception {
      return done.get(30, TimeUnit.SECONDS);
    }

    long answeredAfterNanos() {
      return answeredNanos - startedNanos;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
