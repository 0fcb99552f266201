package io.mercato.flink.redis;

import io.mercato.store.redis.RedisConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The job's serving output: writes {@code (state key, aggregate bytes)} to Redis through
 * {@link io.mercato.store.redis.RedisStateStore#writeStates} (Sink V2). Each parallel writer buffers
 * its input, keeping only the newest bytes per key, and writes the buffer as one pipelined batch when
 * it holds {@code batchSize} keys, when a processing-time timer {@code flushInterval} after the first
 * buffered key fires, and on every checkpoint ({@link SinkWriter#flush} runs before the checkpoint
 * barrier is passed on) — so once a checkpoint completes, Redis holds every aggregate up to it.
 *
 * <p><b>Replay.</b> Values are whole aggregates, never increments: after a restore, the job
 * recomputes the same aggregates from the checkpointed state and the replayed Kafka records and
 * overwrites whatever Redis holds, so a write repeated or got ahead of the checkpoint converges to
 * the same bytes (at-least-once writes of idempotent values give exactly-once results). A Redis
 * failure fails the task; Flink restarts it from the last checkpoint.
 */
public final class RedisStateSink implements Sink<Tuple2<String, byte[]>> {
  private static final long serialVersionUID = 1L;
  private final ArrayList<String> uris;
  private final boolean cluster;
  private final String prefix;
  private final long ttlMillis;
  private final long timeoutMillis;
  private final int batchSize;
  private final long flushMillis;

  /**
   * @param batchSize     keys per pipelined write, at least 1
   * @param flushInterval longest time a buffered key waits, at least 1 ms
   */
  public RedisStateSink(RedisConfig config, int batchSize, Duration flushInterval) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1 but was " + batchSize);
    }
    if (flushInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "flush interval must be at least 1 ms but was " + flushInterval);
    }
    this.uris = new ArrayList<>(config.uris());
    this.cluster = config.cluster();
    this.prefix = config.prefix();
    this.ttlMillis = config.ttl().toMillis();
    this.timeoutMillis = config.timeout().toMillis();
    this.batchSize = batchSize;
    this.flushMillis = flushInterval.toMillis();
  }

  /** The Redis configuration this sink writes to. */
  public RedisConfig config() {
    return new RedisConfig(
        List.copyOf(uris),
        cluster,
        prefix,
        Duration.ofMillis(ttlMillis),
        Duration.ofMillis(timeoutMillis));
  }

  @Override
  public SinkWriter<Tuple2<String, byte[]>> createWriter(WriterInitContext context)
      throws IOException {
    return new RedisStateWriter(
        config(),
        batchSize,
        flushMillis,
        context.getProcessingTimeService(),
        context.metricGroup());
  }
}
