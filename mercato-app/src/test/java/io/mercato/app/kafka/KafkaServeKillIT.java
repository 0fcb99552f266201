package io.mercato.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.infra.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mercato serve --ingest-kafka} as a child process, killed with SIGKILL while it consumes a
 * topic being produced to, then restarted on the same data directory: once the group's committed
 * offsets reach the end of every partition, the engine holds exactly the events produced — the
 * journal kept every batch whose offsets were committed, and the batch replayed after the kill is
 * recognised by its event ids.
 */
class KafkaServeKillIT {
  static final String TOPIC = "serve-in";
  static final String GROUP = "mercato-kill-it";
  static final int EVENTS = 6000;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aKilledServeResumesWithoutLosingOrDoubleCounting() throws Exception {
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(5)
            .idPrefix("kill-it-")
            .clock(InstantSource.fixed(Instant.parse("2026-01-06T12:00:00Z")))
            .build();
    List<String> lines = KafkaEventSourceIT.lines(EventJson.ndjson(traffic.next(EVENTS)));
    Path data = dir.resolve("data");
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic(TOPIC, 3);
      int port = freePort();
      Process first = serve(port, broker.bootstrap(), data, "first");
      awaitReady(port, first);
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < lines.size(); i += 200) {
                  KafkaEventSourceIT.produceTo(
                      broker, TOPIC, lines.subList(i, Math.min(lines.size(), i + 200)));
                }
              });
      producer.start();
      // mid-stream: the first batches are durable and committed, more are arriving
      assertThat(awaitCommitted(broker.bootstrap())).isPositive();
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no final snapshot, no offset commit
      first.waitFor(30, TimeUnit.SECONDS);
      producer.join(120_000);

      int port2 = freePort();
      Process second = serve(port2, broker.bootstrap(), data, "second");
      awaitReady(port2, second);
      awaitCaughtUp(broker.bootstrap());
      second.destroy();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    Engine engine =
        Engine.start(
            EngineConfig.defaults(data), InstantSource.system(), new SimpleMeterRegistry());
    try {
      assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.countsByType().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(EVENTS);
    } finally {
      engine.close();
    }
  }

  /** Waits until the group has committed some offsets; returns how many records they cover. */
  static long awaitCommitted(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline) {
        long sum = 0;
        for (OffsetAndMetadata c :
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().values()) {
          sum += c == null ? 0 : c.offset();
        }
        if (sum > 0) {
          return sum;
        }
        Thread.sleep(20);
      }
      return 0;
    }
  }

  /** Waits until the group's committed offsets equal the end offsets of every partition. */
  static void awaitCaughtUp(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (int part = 0; part < 3; part++) {
          TopicPartition tp = new TopicPartition(TOPIC, part);
          long end =
              admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
          OffsetAndMetadata c = committed.get(tp);
          lag += end - (c == null ? 0 : c.offset());
        }
        if (lag == 0) {
          return;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("the restarted serve did not catch up with the topic in 3 minutes");
    }
  }

  Process serve(int port, String bootstrap, Path data, String name) throws IOException {
    Path jar = Path.of("target", "mercato.jar").toAbsolutePath();
    assertThat(jar).as("the runnable jar is built in the package phase").exists();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                data.toString(),
                "--ingest-kafka",
                bootstrap,
                "--ingest-kafka-topic",
                TOPIC)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve-" + name + ".log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("MERCATO_"));
    pb.environment().put("MERCATO_INGEST_KAFKA_GROUP_ID", GROUP);
    return pb.start();
  }

  void awaitReady(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("mercato serve exited early; see the logs in %s", dir).isTrue();
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mercato serve did not become ready within 60 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
