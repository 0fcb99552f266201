package io.mercato.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {
  @TempDir Path dir;

  @Test
  void servesRecordsAndKeepsThemAcrossAKill() {
    try (KafkaBroker broker = KafkaBroker.start(dir)) {
      broker.createTopic("t", 2);
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  broker.bootstrap(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
        }
        p.flush();
      }
      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      broker.restart();
      assertThat(readAll(broker.bootstrap(), 10)).hasSize(10).contains("v0", "v9");
    }
  }

  private static List<String> readAll(String bootstrap, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "g",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      c.subscribe(List.of("t"));
      for (int i = 0; i < 60 && values.size() < expected; i++) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
