package io.mercato.cluster;

import io.mercato.core.event.DeadLetterBudget;
import io.mercato.core.event.DeadLetterJson;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.Rejection;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.time.EffectiveTime;
import io.mercato.server.EventJson;
import io.mercato.server.backend.BackendUnavailableException;
import io.mercato.server.backend.EventIngest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingestion of an API node: every valid event becomes one record of the events topic, keyed by
 * {@code user_id} (so one user's events stay in order on one partition, the order the Flink job keys
 * them by), valued by its event JSON ({@link EventJson}, with the {@code event_id} the reader
 * generated when the client sent none, so the job deduplicates replays of the topic).
 *
 * <p>Arrival: each record's Kafka timestamp is set explicitly to this node's clock when it accepted the
 * batch, so the Flink job computes every event's effective time ({@link EffectiveTime}) from the same
 * arrival the embedded engine records in its journal, and a replay of the topic computes it again the
 * same. (A topic with {@code message.timestamp.type=LogAppendTime} replaces it by the broker's append
 * time, an arrival too.) Events whose timestamp is more than {@code stats.max-lead} ahead of that
 * arrival are counted in {@code mercato_events_clock_skewed_total} here, where they arrive.
 *
 * <p>Durability: the producer is idempotent with {@code acks=all}, and {@link #ingest} returns only
 * after the broker acknowledged every record of the batch, i.e. every in-sync replica has it (with the
 * topic's {@code min.insync.replicas}). Retries inside the producer cannot duplicate or reorder records
 * of a partition. When any record is not acknowledged within {@link KafkaSettings#deliveryTimeout()},
 * the whole batch is reported failed ({@link BackendUnavailableException}, answered 503): records that
 * did make it are in the topic, and the client's retry adds them again, which the job's dedup by
 * {@code event_id} absorbs for events that carry one.
 *
 * <p>Thread-safe: one producer serves every request thread, which also batches records of concurrent
 * requests into the same produce requests.
 */
public final class KafkaEventLog implements EventIngest, AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final KafkaSettings settings;
  private final EventJsonReader reader;
  private final InstantSource clock;
  private final EffectiveTime effectiveTime;
  private final Counter produced;
  private final Counter skewed;
  private final Counter deadLettered;
  private final Counter failedBatches;
  private final DeadLetterQuota quota;
  private final Counter producedLetters;
  private final Counter producedLetterBytes;
  private final Counter droppedLetters;
  private final Counter summarised;

  KafkaEventLog(
      KafkaSettings settings,
      EventJsonReader reader,
      EffectiveTime effectiveTime,
      InstantSource clock,
      MeterRegistry meters) {
    this.settings = settings;
    this.reader = reader;
    this.effectiveTime = effectiveTime;
    this.clock = clock;
    this.producer =
        new KafkaProducer<>(
            producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
    this.produced =
        Counter.builder("mercato.cluster.events.produced")
            .description("Events acknowledged by Kafka (acks=all)")
            .register(meters);
    this.skewed =
        Counter.builder("mercato.events.clock.skewed")
            .description(
                "Valid events received with a timestamp more than stats.max-lead ahead of their arrival; "
                    + "they count at arrival + max-lead")
            .register(meters);
    this.deadLettered =
        Counter.builder("mercato.events.rejected")
            .description("Events rejected by validation (kept in the dead-letter store)")
            .register(meters);
    this.failedBatches =
        Counter.builder("mercato.cluster.produce.failures")
            .description(
                "Ingest batches answered 503 because Kafka did not acknowledge every event")
            .register(meters);
    this.quota = new DeadLetterQuota(settings.deadLetters(), clock);
    this.producedLetters =
        Counter.builder("mercato.dead.letters.produced")
            .description("Dead letters this node produced to the dead-letter topic")
            .register(meters);
    this.producedLetterBytes =
        Counter.builder("mercato.dead.letters.produced.bytes")
            .baseUnit("bytes")
            .description("Bytes of dead letters this node produced to the dead-letter topic")
            .register(meters);
    this.droppedLetters =
        Counter.builder("mercato.dead.letters.dropped")
            .description("Dead letters not produced because the node's dead-letter quota was spent")
            .register(meters);
    this.summarised =
        Counter.builder("mercato.dead.letters.summarised")
            .description(
                "Rejected records counted in a summary record instead of kept one by one (per-batch budget)")
            .register(meters);
  }

  /** The producer settings: idempotent, acks=all, bounded blocking and delivery time. */
  static Map<String, Object> producerConfig(KafkaSettings s) {
    long delivery = s.deliveryTimeout().toMillis();
    long linger = 5;
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        s.bootstrap(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        5, // the most idempotence keeps ordered
        ProducerConfig.LINGER_MS_CONFIG,
        (int) linger,
        // The producer requires delivery >= linger + request timeout.
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(30_000, delivery - linger),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) delivery,
        // send() blocks while it has no metadata for the topic (broker down at startup): bound it
        // too.
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        delivery,
        ProducerConfig.CLIENT_ID_CONFIG,
        "mercato-api");
  }

  @Override
  public EventJsonReader reader() {
    return reader;
  }

  @Override
  public IngestResult ingest(List<Event> events) {
    if (events.isEmpty()) {
      return new IngestResult(0, 0);
    }
    long arrival = clock.millis();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
    int skewedEvents = 0;
    for (Event e : events) {
      skewedEvents += effectiveTime.skewed(e.timestampMillis(), arrival) ? 1 : 0;
      records.add(
          new ProducerRecord<>(
              settings.topic(),
              null,
              arrival,
              e.userId(),
              EventJson.text(e).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      awaitAll(sendAll(records));
    } catch (BackendUnavailableException e) {
      failedBatches.increment();
      throw e;
    }
    produced.increment(events.size());
    skewed.increment(skewedEvents);
    return new IngestResult(events.size(), 0);
  }

  /**
   * Produces dead letters of {@code rejected}: within the batch budget ({@link DeadLetterBudget}: the
   * rest as one summary record) and the node's quota ({@link DeadLetterQuota}: a record that does not
   * fit is dropped and counted in {@code mercato_dead_letters_dropped_total}).
   */
  @Override
  public void deadLetter(String source, List<Rejection> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    deadLettered.increment(rejected.size());
    List<Rejection> fitted = DeadLetterBudget.fit(rejected);
    if (fitted != rejected) {
      summarised.increment(rejected.size() - (fitted.size() - 1));
    }
    Instant now = clock.instant();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(fitted.size());
    long bytes = 0;
    for (Rejection r : fitted) {
      byte[] value = DeadLetterJson.of(r, source, now);
      if (!quota.tryTake(value.length)) {
        droppedLetters.increment();
        continue;
      }
      bytes += value.length;
      // No key: a rejected event may lack a user id, and dead letters need no per-user order.
      records.add(new ProducerRecord<>(settings.deadLetterTopic(), null, value));
    }
    if (records.isEmpty()) {
      return;
    }
    awaitAll(sendAll(records));
    producedLetters.increment(records.size());
    producedLetterBytes.increment(bytes);
  }

  private List<Future<RecordMetadata>> sendAll(List<ProducerRecord<String, byte[]>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    try {
      for (ProducerRecord<String, byte[]> r : records) {
        acks.add(producer.send(r));
      }
    } catch (KafkaException e) {
      // No metadata within max.block.ms (broker unreachable), or the producer is closed.
      throw unavailable(e);
    }
    return acks;
  }

  private void awaitAll(List<Future<RecordMetadata>> acks) {
    // The producer completes every future within delivery.timeout.ms of its send; the margin only
    // covers scheduling, so a wait here never outlives the producer's own verdict by much.
    long deadline =
        System.nanoTime() + settings.deliveryTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
    for (Future<RecordMetadata> f : acks) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw unavailable(e.getCause());
      } catch (TimeoutException e) {
        throw unavailable(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unavailable(e);
      }
    }
  }

  private static BackendUnavailableException unavailable(Throwable cause) {
    return new BackendUnavailableException(
        "Kafka did not acknowledge every event of the batch; some may have been "
            + "recorded, retry the whole batch (events with an event_id count once)",
        cause);
  }

  /** Flushes what is pending and closes the producer, waiting at most the delivery timeout. */
  @Override
  public void close() {
    producer.close(settings.deliveryTimeout());
  }
}
