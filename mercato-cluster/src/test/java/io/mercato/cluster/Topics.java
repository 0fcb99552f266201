package io.mercato.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic back from the beginning, as the Flink job would. */
final class Topics {
  private Topics() {}

  /** A record as read: its key, its value as UTF-8 text and its Kafka timestamp (epoch ms). */
  record Read(String key, String value, long timestamp) {}

  /**
   * Every record of {@code topic}, polling until {@code expected} arrived or {@code patience} passed
   * without a new one; then returns what arrived (the caller asserts on it).
   */
  static List<Read> readAll(String bootstrap, String topic, int expected, Duration patience) {
    List<Read> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // only what the producer's transactions committed; the API node's producer is not
                // transactional, so this is everything acknowledged
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (out.size() < expected && System.nanoTime() - quietSince < patience.toNanos()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.add(new Read(r.key(), new String(r.value(), StandardCharsets.UTF_8), r.timestamp()));
          quietSince = System.nanoTime();
        }
      }
      // Drain what is left in a short extra poll: a test that expects n must also see n + 1.
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
        out.add(new Read(r.key(), new String(r.value(), StandardCharsets.UTF_8), r.timestamp()));
      }
    }
    return out;
  }
}
