package io.mercato.app.config;

/** Which runtime {@code mercato serve} runs ({@code mode:} in mercato.yaml, {@code --mode} on the command line). */
public enum Mode {
  /** One process: journal, shards and state in memory (the default). */
  EMBEDDED,
  /** A stateless API node: events to Kafka, state from Redis (written by the Flink job), campaigns in PostgreSQL. */
  CLUSTER
}
