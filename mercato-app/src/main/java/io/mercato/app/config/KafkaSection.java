package io.mercato.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code kafka:} section, used in cluster mode: where API nodes produce events and the Flink job
 * consumes them.
 *
 * @param bootstrap       bootstrap servers, {@code host:port[,host:port...]}; required in cluster mode
 *                        (default empty)
 * @param topic           the events topic, one JSON event per record keyed by user_id (default
 *                        {@code mercato.events})
 * @param deadLetterTopic rejected events with their errors (default {@code mercato.events.dead})
 * @param deliveryTimeout how long a batch may take to be acknowledged by every in-sync replica
 *                        before {@code POST /v1/events} answers 503 (default 10s, at least 1s)
 */
public record KafkaSection(
    String bootstrap, String topic, String deadLetterTopic, Duration deliveryTimeout) {
  public KafkaSection {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(deliveryTimeout, "delivery-timeout");
    if (topic == null || topic.isBlank() || deadLetterTopic == null || deadLetterTopic.isBlank()) {
      throw new IllegalArgumentException("topic and dead-letter-topic must not be empty");
    }
    if (topic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException("dead-letter-topic must differ from topic: " + topic);
    }
    if (deliveryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "delivery-timeout must be at least 1s but was " + deliveryTimeout);
    }
  }

  public static KafkaSection defaults() {
    return new KafkaSection("", "mercato.events", "mercato.events.dead", Duration.ofSeconds(10));
  }
}
