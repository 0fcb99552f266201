package io.mercato.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.quality.Accounting;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.server.backend.Backend;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.infra.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KafkaEventSource} against a real broker: valid records are ingested, invalid ones are
 * accounted as rejected under {@code kafka:<topic>}, and a second source in the same consumer group
 * (after the first one stopped) resumes at the committed offsets: the engine ends with exactly the
 * valid records produced, none lost and none counted twice.
 */
class KafkaEventSourceIT {
  static final String TOPIC = "events-in";

  @TempDir Path dir;

  @Test
  void consumesThroughTheAccountedPathAndResumesAtTheCommittedOffsets() throws Exception {
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(11)
            .idPrefix("kafka-it-")
            .clock(InstantSource.fixed(Instant.parse("2026-01-06T12:00:00Z")))
            .build();
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic(TOPIC, 3);
      Engine engine =
          Engine.start(
              EngineConfig.defaults(dir.resolve("data")),
              InstantSource.system(),
              new SimpleMeterRegistry());
      try {
        assertThat(engine.awaitReady(Duration.ofMinutes(1))).isTrue();
        Backend backend = Backend.embedded(engine);
        produce(broker, lines(EventJson.ndjson(traffic.next(500))), List.of("this is not json"));

        KafkaEventSource first =
            new KafkaEventSource(
                broker.bootstrap(), TOPIC, "g1", engine.reader(), backend.ingestion());
        Thread t1 = new Thread(first, "kafka-source-1");
        t1.start();
        awaitRead(backend, 501);
        first.close();
        t1.join(30_000);
        assertThat(t1.isAlive()).isFalse();

        produce(broker, lines(EventJson.ndjson(traffic.next(300))), List.of());
        KafkaEventSource second =
            new KafkaEventSource(
                broker.bootstrap(), TOPIC, "g1", engine.reader(), backend.ingestion());
        Thread t2 = new Thread(second, "kafka-source-2");
        t2.start();
        awaitRead(backend, 801);
        Thread.sleep(2000); // anything read twice would show up now
        second.close();
        t2.join(30_000);

        Accounting a = backend.quality().accounting("kafka:" + TOPIC);
        assertThat(a.read()).isEqualTo(801);
        assertThat(a.accepted()).isEqualTo(800);
        assertThat(a.duplicates()).isZero();
        assertThat(a.rejectedTotal()).isEqualTo(1);
        assertThat(engine.countsByType().values().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(800);
      } finally {
        engine.close();
      }
    }
  }

  static void awaitRead(Backend backend, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (backend.quality().accounting("kafka:" + TOPIC).read() < n
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(backend.quality().accounting("kafka:" + TOPIC).read()).isGreaterThanOrEqualTo(n);
  }

  static List<String> lines(byte[] ndjson) {
    List<String> out = new ArrayList<>();
    for (String l : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }

  static void produce(KafkaBroker broker, List<String> valid, List<String> invalid) {
    List<String> all = new ArrayList<>(valid);
    all.addAll(invalid);
    produceTo(broker, TOPIC, all);
  }

  /** Sends {@code lines}, one record each, and waits until every one is acknowledged. */
  static void produceTo(KafkaBroker broker, String topic, List<String> lines) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String line : lines) {
        producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }
}
