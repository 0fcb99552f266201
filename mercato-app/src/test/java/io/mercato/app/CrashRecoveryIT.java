package io.mercato.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 3 (ARCHITECTURE.md §4): no acknowledged event is lost. Starts {@code mercato serve} as a
 * child process, sends batches while recording every acknowledged event id, kills the process with
 * SIGKILL mid-stream, restarts it on the same data dir, and checks that every acknowledged event is
 * counted exactly once: re-sending all of them yields only duplicates, and the total is between the
 * acknowledged and the sent count.
 */
class CrashRecoveryIT {
  static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
  static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dataDir;

  @Test
  void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
    int port = freePort();
    Process first = serve(port);
    awaitReady(port, first);

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    // Sender threads record surprises here: an assertion thrown in a thread would only kill it.
    List<String> surprises = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int sender = t;
      Thread th = new Thread(() -> {
        for (int b = 0; !stop.get(); b++) {
          List<String> ids = new ArrayList<>();
          StringBuilder body = new StringBuilder();
          for (int i = 0; i < 100; i++) {
            String id = "crash-" + sender + "-" + b + "-" + i;
            ids.add(id);
            body.append(event(id, "u-" + (i % 13))).append('\n');
          }
          sent.addAll(ids);
          try {
            HttpResponse<String> r = post(port, body.toString());
            if (r.statusCode() == 202) {
              if (!r.body().contains("\"accepted\":100")) {
                surprises.add("a fresh batch of 100 was not fully accepted: " + r.body());
              }
              acknowledged.addAll(ids);
            } else if (r.statusCode() != 503) {
              surprises.add("unexpected status " + r.statusCode() + ": " + r.body());
            }
          } catch (IOException e) {
            return; // the server died: this batch was never acknowledged
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      th.start();
      senders.add(th);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acknowledged.size() < 20_000 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final snapshot
    first.waitFor();
    stop.set(true);
    for (Thread th : senders) {
      th.join();
    }
    assertThat(surprises).isEmpty();
    assertThat(acknowledged).as("events acknowledged before the kill").hasSizeGreaterThan(1_000);

    int port2 = freePort();
    Process second = serve(port2);
    try {
      awaitReady(port2, second);
      long total = match(TOTAL, get(port2, "/v1/stats").body());
      assertThat(total).isBetween((long) acknowledged.size(), (long) sent.size());

      StringBuilder resend = new StringBuilder();
      for (String id : acknowledged) {
        resend.append(event(id, "u-1")).append('\n');
      }
      HttpResponse<String> r = post(port2, resend.toString());
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(match(DUPLICATES, r.body())).as("every acknowledged id is already there").isEqualTo(acknowledged.size());
      assertThat(match(ACCEPTED, r.body())).isZero();
      assertThat(match(TOTAL, get(port2, "/v1/stats").body())).as("counted once").isEqualTo(total);
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  static String event(String id, String user) {
    return "{\"event_id\":\"" + id + "\",\"type\":\"view\",\"user_id\":\"" + user + "\",\"item_id\":\"p-1\",\"timestamp\":\""
        + Instant.now() + "\"}";
  }

  Process serve(int port) throws IOException {
    Path jar = Path.of("target", "mercato.jar").toAbsolutePath();
    assertThat(jar).as("the runnable jar is built in the package phase before integration tests").exists();
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-serve-" + port + ".log");
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "serve", "--port", Integer.toString(port), "--data-dir", dataDir.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  void awaitReady(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("mercato serve exited early; see its log next to the data dir").isTrue();
      try {
        if (get(port, "/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mercato serve did not become ready within 60 s");
  }

  HttpResponse<String> post(int port, String ndjson) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
        .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static long match(Pattern p, String body) {
    Matcher m = p.matcher(body);
    assertThat(m.find()).as("%s in %s", p, body).isTrue();
    return Long.parseLong(m.group(1));
  }
}
