package io.mercato.cluster;

import io.mercato.engine.deadletter.DeadLetterConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an API node produces events.
 *
 * @param bootstrap       Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topic           the events topic the Flink job consumes (one JSON event per record, key = user_id)
 * @param deadLetterTopic where rejected events go, one JSON object per record
 * @param deliveryTimeout how long a batch may take to be acknowledged by every in-sync replica, retries
 *                        included, before the request is answered 503 (at least 1 s)
 * @param deadLetters     the producer-side quota of dead letters ({@link DeadLetterQuota})
 */
public record KafkaSettings(
    String bootstrap,
    String topic,
    String deadLetterTopic,
    Duration deliveryTimeout,
    DeadLetterConfig deadLetters) {
  /** Default topic names and delivery timeout. */
  public static final String DEFAULT_TOPIC = "mercato.events";

  public static final String DEFAULT_DEAD_LETTER_TOPIC = "mercato.events.dead";
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  /** Settings with the default dead-letter quota. */
  public KafkaSettings(
      String bootstrap, String topic, String deadLetterTopic, Duration deliveryTimeout) {
    this(bootstrap, topic, deadLetterTopic, deliveryTimeout, DeadLetterConfig.defaults());
  }

  public KafkaSettings {
    Objects.requireNonNull(deliveryTimeout, "kafka.delivery-timeout");
    Objects.requireNonNull(deadLetters, "dead-letter");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "kafka.bootstrap is required in cluster mode, e.g. localhost:9092");
    }
    if (topic == null || topic.isBlank() || deadLetterTopic == null || deadLetterTopic.isBlank()) {
      throw new IllegalArgumentException(
          "kafka.topic and kafka.dead-letter-topic must not be empty");
    }
    if (topic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException(
          "kafka.dead-letter-topic must differ from kafka.topic: " + topic);
    }
    if (deliveryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "kafka.delivery-timeout must be at least 1s: " + deliveryTimeout);
    }
  }

  /** {@code bootstrap} with the default topics and delivery timeout. */
  public static KafkaSettings of(String bootstrap) {
    return new KafkaSettings(
        bootstrap, DEFAULT_TOPIC, DEFAULT_DEAD_LETTER_TOPIC, DEFAULT_DELIVERY_TIMEOUT);
  }
}
