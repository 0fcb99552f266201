package io.mercato.app.kafka;

import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.ReadResult;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.server.backend.AccountedIngest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Kafka topic as an ingestion source of the embedded engine: each polled batch of records (one
 * JSON event per record, the contract of {@code POST /v1/events}) is decoded by the engine's reader
 * and goes through {@link AccountedIngest}, exactly as an HTTP batch — validation, admission,
 * accounting in {@code /v1/quality}, dead letters under the source {@code kafka:<topic>} indexed by
 * the record's position in the batch.
 *
 * <p>Delivery: offsets are committed synchronously only after {@link AccountedIngest#accept}
 * returned, i.e. after the batch is durable in the journal; a batch refused by backpressure is
 * retried, never skipped. This is at-least-once: a crash between the journal write and the offset
 * commit replays that batch, and events carrying an {@code eventId} are then counted once by the
 * engine's deduplication. Events without an id could be counted twice in that window: storing the
 * offsets in the journal itself is the follow-up that closes it (see docs/configuration.md).
 *
 * <p>Not thread-safe: {@link #run} on one thread, {@link #close} from any.
 */
public final class KafkaEventSource implements Runnable, AutoCloseable {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final String source;
  private final EventJsonReader reader;
  private final AccountedIngest ingestion;
  private volatile boolean closed;

  /**
   * @param bootstrapServers the brokers, {@code host:port[,host:port]}
   * @param topic            the topic to consume
   * @param groupId          the consumer group whose committed offsets say where to resume
   */
  public KafkaEventSource(
      String bootstrapServers,
      String topic,
      String groupId,
      EventJsonReader reader,
      AccountedIngest ingestion) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.source = "kafka:" + topic;
    this.reader = Objects.requireNonNull(reader, "reader");
    this.ingestion = Objects.requireNonNull(ingestion, "ingestion");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // commit only what is durable
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Consumes until {@link #close}; a failure other than backpressure ends the loop. */
  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (!closed) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        ReadResult read = reader.read(ndjson(records), EventJsonReader.Format.NDJSON);
        acceptWithRetry(read);
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
    }
  }

  private void acceptWithRetry(ReadResult read) throws InterruptedException {
    while (true) {
      try {
        ingestion.accept(source, read);
        return;
      } catch (BackpressureException e) {
        long wait =
            Math.max(10, e.retryAfter() == null ? 100 : Math.min(e.retryAfter().toMillis(), 1000));
        Thread.sleep(wait);
      }
    }
  }

  /** One line per record; a record's own newlines would split it, so they become spaces. */
  static byte[] ndjson(ConsumerRecords<byte[], byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      byte[] v = r.value() == null ? NULL : r.value(); // a tombstone is rejected, not skipped
      String line = new String(v, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' ');
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
  }
}
