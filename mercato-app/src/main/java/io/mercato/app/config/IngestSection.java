package io.mercato.app.config;

import java.util.Objects;

/**
 * The {@code ingest:} section: ingestion sources of the embedded engine besides HTTP.
 *
 * @param kafka a Kafka topic consumed into the engine (off while its bootstrap servers are empty)
 */
public record IngestSection(KafkaIngest kafka) {
  public IngestSection {
    Objects.requireNonNull(kafka, "kafka");
  }

  public static IngestSection defaults() {
    return new IngestSection(KafkaIngest.defaults());
  }

  /**
   * {@code ingest.kafka}: the embedded engine consumes a topic of JSON events (the contract of
   * {@code POST /v1/events}, one event per record) through the same accounted path.
   *
   * @param bootstrapServers {@code host:port[,host:port...]}; empty (the default) turns it off
   * @param topic            the topic consumed (default {@code mercato.ingest})
   * @param groupId          the consumer group whose committed offsets say where to resume (default
   *                         {@code mercato-embedded})
   */
  public record KafkaIngest(String bootstrapServers, String topic, String groupId) {
    public KafkaIngest {
      Objects.requireNonNull(bootstrapServers, "bootstrap-servers");
      if (topic == null || topic.isBlank() || groupId == null || groupId.isBlank()) {
        throw new IllegalArgumentException("topic and group-id must not be empty");
      }
    }

    public static KafkaIngest defaults() {
      return new KafkaIngest("", "mercato.ingest", "mercato-embedded");
    }

    /** Whether a topic is consumed. */
    public boolean enabled() {
      return !bootstrapServers.isBlank();
    }
  }
}
