package io.mercato.flink.redis;

import io.mercato.core.state.StateKey;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisStateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * One parallel instance of {@link RedisStateSink}. Runs on the task's mailbox thread only (records,
 * flushes and timer callbacks alike), so the buffer needs no locking.
 */
final class RedisStateWriter implements SinkWriter<Tuple2<String, byte[]>> {
  private final RedisStateStore store;
  private final int batchSize;
  private final long flushMillis;
  private final ProcessingTimeService time;
  private final Counter keysWritten;
  private final Counter batchesWritten;
  private Map<StateKey, byte[]> buffer = new LinkedHashMap<>();
  private boolean timerPending;

  RedisStateWriter(
      RedisConfig config,
      int batchSize,
      long flushMillis,
      ProcessingTimeService time,
      SinkWriterMetricGroup metrics) {
    this.store = RedisStateStore.connect(config);
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
    this.time = time;
    this.keysWritten = metrics.counter("mercatoRedisKeysWritten");
    this.batchesWritten = metrics.counter("mercatoRedisBatches");
  }

  @Override
  public void write(Tuple2<String, byte[]> update, Context context) {
    buffer.put(StateKey.parse(update.f0), update.f1);
    if (buffer.size() >= batchSize) {
      writeBuffer();
    } else if (!timerPending) {
      timerPending = true;
      time.registerTimer(
          time.getCurrentProcessingTime() + flushMillis,
          t -> {
            timerPending = false;
            writeBuffer();
          });
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    writeBuffer();
  }

  private void writeBuffer() {
    if (buffer.isEmpty()) {
      return;
    }
    Map<StateKey, byte[]> batch = buffer;
    buffer = new LinkedHashMap<>();
    store.writeStates(batch);
    keysWritten.inc(batch.size());
    batchesWritten.inc();
  }

  /** Closes the connection without writing: unflushed updates are recomputed after a restore. */
  @Override
  public void close() {
    store.close();
  }
}
