package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No acknowledged catalog write is lost, and a bulk write is kept whole or not at all, across a
 * SIGKILL of {@code mercato serve}: single-item PUTs (each id rewritten over and over) and NDJSON
 * batches run concurrently; after the restart every id holds its last acknowledged price (or the one
 * in flight at the kill, which may or may not have become durable), every acknowledged batch is
 * complete, and the batch in flight is complete or absent.
 */
class CatalogCrashIT {
  static final int BATCH = 20;
  final ObjectMapper mapper = new ObjectMapper();
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @TempDir Path dataDir;

  @Test
  void acknowledgedCatalogWritesSurviveSigkill() throws Exception {
    int port = freePort();
    Process first = serve(port);
    awaitReady(port, first);

    Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    List<Integer> ackedBatches = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger batchInFlight = new AtomicInteger(-1);
    AtomicInteger writes = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<String> surprises = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int writer = t;
      threads.add(
          new Thread(
              () -> {
                for (int price = 1; !stop.get(); price++) {
                  String id = "w" + writer + "-" + (price % 25);
                  inFlight.put(id, price);
                  try {
                    HttpResponse<String> r =
                        send(
                            port,
                            "PUT",
                            "/v1/items/" + id,
                            "application/json",
                            "{\"price\":" + price + "}");
                    if (r.statusCode() != 200) {
                      surprises.add("PUT answered " + r.statusCode() + ": " + r.body());
                      return;
                    }
                    acknowledged.put(id, price);
                    inFlight.remove(id);
                    writes.incrementAndGet();
                  } catch (IOException | InterruptedException e) {
                    return; // the server died: this write was never acknowledged
                  }
                }
              }));
    }
    threads.add(
        new Thread(
            () -> {
              for (int b = 0; !stop.get(); b++) {
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < BATCH; i++) {
                  body.append("{\"item_id\":\"b")
                      .append(b)
                      .append('-')
                      .append(i)
                      .append("\",\"category\":\"c")
                      .append(b)
                      .append("\"}\n");
                }
                batchInFlight.set(b);
                try {
                  HttpResponse<String> r =
                      send(port, "POST", "/v1/items", "application/x-ndjson", body.toString());
                  if (r.statusCode() != 200) {
                    surprises.add("POST answered " + r.statusCode() + ": " + r.body());
                    return;
                  }
                  ackedBatches.add(b);
                  writes.incrementAndGet();
                } catch (IOException | InterruptedException e) {
                  return;
                }
              }
            }));
    threads.forEach(Thread::start);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (writes.get() < 400 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    first.destroyForcibly(); // SIGKILL: no final snapshot, no compaction, no close
    first.waitFor();
    stop.set(true);
    for (Thread th : threads) {
      th.join();
    }
    assertThat(surprises).isEmpty();
    assertThat(writes.get()).as("writes acknowledged before the kill").isGreaterThan(50);

    int port2 = freePort();
    Process second = serve(port2);
    try {
      awaitReady(port2, second);
      Map<String, JsonNode> stored = listAll(port2);
      for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
        JsonNode item = stored.get(e.getKey());
        assertThat(item).as("acknowledged item %s", e.getKey()).isNotNull();
        int price = item.path("price").asInt();
        Integer pending = inFlight.get(e.getKey());
        assertThat(price == e.getValue() || (pending != null && price == pending))
            .as(
                "%s holds price %d; last acknowledged %d, in flight %s",
                e.getKey(), price, e.getValue(), pending)
            .isTrue();
      }
      for (int b : new ArrayList<>(ackedBatches)) {
        for (int i = 0; i < BATCH; i++) {
          assertThat(stored)
              .as("item %d of acknowledged batch %d", i, b)
              .containsKey("b" + b + "-" + i);
        }
      }
      int last = batchInFlight.get();
      if (last >= 0 && !ackedBatches.contains(last)) {
        long present = stored.keySet().stream().filter(k -> k.startsWith("b" + last + "-")).count();
        assertThat(present).as("the batch in flight is whole or absent").isIn(0L, (long) BATCH);
      }
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  Process serve(int port) throws IOException {
    Path jar = Path.of("target", "mercato.jar").toAbsolutePath();
    assertThat(jar)
        .as("the runnable jar is built in the package phase before integration tests")
        .exists();
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-serve-" + port + ".log");
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString(),
            "serve",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  void awaitReady(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive())
          .as("mercato serve exited early; see its log next to the data dir")
          .isTrue();
      try {
        if (send(port, "GET", "/ready", null, null).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mercato serve did not become ready within 60 s");
  }

  /** Every catalog entry, by id, paging through {@code GET /v1/items}. */
  Map<String, JsonNode> listAll(int port) throws Exception {
    Map<String, JsonNode> all = new HashMap<>();
    String after = null;
    do {
      String path = "/v1/items?limit=1000" + (after == null ? "" : "&after=" + after);
      HttpResponse<String> r = send(port, "GET", path, null, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = mapper.readTree(r.body());
      page.path("items").forEach(i -> all.put(i.path("item_id").asText(), i));
      after = page.path("next_after").isNull() ? null : page.path("next_after").asText();
    } while (after != null);
    return all;
  }

  HttpResponse<String> send(int port, String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
