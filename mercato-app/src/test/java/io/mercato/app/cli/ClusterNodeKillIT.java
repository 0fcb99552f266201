package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.testkit.infra.KafkaBroker;
import io.mercato.testkit.infra.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 3 in cluster mode (issue 6, failure tests): kill an API node during a burst, and every
 * event it acknowledged is in Kafka. Starts {@code mercato serve --mode cluster} from the runnable jar
 * against a real broker and Redis, posts batches from several threads while recording the ids of
 * every 202, kills the process with SIGKILL mid-burst, then reads the whole topic back.
 */
class ClusterNodeKillIT {
  static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @TempDir Path dir;

  @Test
  void everyEventAnAcknowledgedBatchHeldIsInKafkaAfterSigkill() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
        RedisServer redis = RedisServer.start()) {
      broker.createTopic("mercato.events", 3);
      broker.createTopic("mercato.events.dead", 1);
      int port = freePort();
      Process node = serve(port, broker.bootstrap(), redis.uri());
      try {
        awaitReady(port, node);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> surprises = Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int sender = t;
          Thread th =
              new Thread(
                  () -> {
                    for (int b = 0; !stop.get(); b++) {
                      List<String> ids = new ArrayList<>();
                      StringBuilder body = new StringBuilder();
                      for (int i = 0; i < 50; i++) {
                        String id = "kill-" + sender + "-" + b + "-" + i;
                        ids.add(id);
                        body.append(event(id, "u-" + (i % 17))).append('\n');
                      }
                      try {
                        HttpResponse<String> r = post(port, body.toString());
                        if (r.statusCode() == 202) {
                          if (!r.body().contains("\"accepted\":50")) {
                            surprises.add("a batch of 50 was not fully accepted: " + r.body());
                          }
                          acknowledged.addAll(ids);
                        } else if (r.statusCode() != 503) {
                          surprises.add("unexpected status " + r.statusCode() + ": " + r.body());
                        }
                      } catch (IOException e) {
                        return; // the node died: this batch was never acknowledged
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
          th.start();
          senders.add(th);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < 5_000 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        node.destroyForcibly(); // SIGKILL: no shutdown hook, no producer flush
        node.waitFor();
        stop.set(true);
        for (Thread th : senders) {
          th.join();
        }
        assertThat(surprises).isEmpty();
        assertThat(acknowledged)
            .as("events acknowledged before the kill")
            .hasSizeGreaterThan(1_000);

        Set<String> inKafka = eventIds(broker.bootstrap(), acknowledged);
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(inKafka);
        assertThat(lost).as("acknowledged but not in Kafka").isEmpty();
        System.out.printf(
            "ClusterNodeKillIT: %d events acknowledged before SIGKILL, %d event ids in Kafka, 0 lost%n",
            acknowledged.size(), inKafka.size());
      } finally {
        node.destroyForcibly();
        node.waitFor();
      }
    }
  }

  /** Every event id in the topic, reading until all of {@code expected} were seen or 30 s passed quietly. */
  static Set<String> eventIds(String bootstrap, Set<String> expected) {
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "kill-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000),
            new StringDeserializer(),
            new StringDeserializer())) {
      c.subscribe(List.of("mercato.events"));
      long quietSince = System.nanoTime();
      while (!ids.containsAll(expected)
          && System.nanoTime() - quietSince < Duration.ofSeconds(30).toNanos()) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          Matcher m = EVENT_ID.matcher(r.value());
          if (m.find()) {
            ids.add(m.group(1));
          }
          quietSince = System.nanoTime();
        }
      }
    }
    return ids;
  }

  Process serve(int port, String kafka, String redis) throws IOException {
    Path jar = Path.of("target", "mercato.jar").toAbsolutePath();
    assertThat(jar)
        .as("the runnable jar is built in the package phase before integration tests")
        .exists();
    Path log = dir.resolve("serve-" + port + ".log");
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString(),
            "serve",
            "--mode",
            "cluster",
            "--port",
            Integer.toString(port),
            "--kafka",
            kafka,
            "--redis",
            redis,
            "--db",
            "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  void awaitReady(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive())
          .as("mercato serve exited early; see serve-%d.log in %s", port, dir)
          .isTrue();
      try {
        if (get(port, "/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mercato serve --mode cluster did not become ready within 60 s");
  }

  HttpResponse<String> post(int port, String ndjson) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
            .header("Content-Type", "application/x-ndjson")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A free TCP port. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One view event as NDJSON-ready JSON. */
  private static String event(String id, String user) {
    return "{\"event_id\":\""
        + id
        + "\",\"type\":\"view\",\"user_id\":\""
        + user
        + "\",\"item_id\":\"p-1\",\"timestamp\":\""
        + Instant.now()
        + "\"}";
  }
}
