package io.mercato.flink;

import io.mercato.core.event.Event;
import io.mercato.core.quality.SourceName;
import io.mercato.flink.ads.CampaignStatsBranch;
import io.mercato.flink.ops.DedupAndLateness;
import io.mercato.flink.ops.EventWatermarks;
import io.mercato.flink.ops.FanOut;
import io.mercato.flink.ops.ParseRecords;
import io.mercato.flink.ops.UpdateAggregates;
import io.mercato.flink.reco.RecoJob;
import io.mercato.flink.redis.RedisStateSink;
import io.mercato.flink.types.AcceptedRecord;
import io.mercato.flink.types.AcceptedRecordDeserializer;
import io.mercato.flink.types.EventTypeInfo;
import io.mercato.flink.types.StreamTypes;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The cluster runtime's stream job (ARCHITECTURE.md §2): Kafka records → parse and validate →
 * event-time watermarks → too-late check and dedup (keyed by user) → fan-out to every state key an
 * event updates → the core aggregates in keyed state → Redis; invalid and too-late records → the
 * dead-letter topic.
 *
 * <pre>{@code
 * kafka ─▶ parse ─▶ watermarks ─keyBy(user)─▶ dedup+lateness ─▶ fan-out ─keyBy(state key)─▶ aggregates ─▶ redis
 *            │           └─keyBy(constant)─▶ recommendations (parallelism 1, {@link RecoJob}) ─────────────┘
 *            │                                           └─▶ route ─keyBy(campaign)─▶ campaign stats ──┘
 *            └──────────── invalid ─────────────────┴── too late ──────────────────────────────────▶ dead letters
 * }</pre>
 *
 * <p>{@link #build} wires the topology between any byte source and any sinks (tests plug a bounded
 * in-memory source and collecting sinks); {@link #start} runs it on Kafka and Redis, in an embedded
 * MiniCluster ({@code local}) or on the cluster {@code flink run} submits to. Operators carry stable
 * uids, so a checkpoint or savepoint restores into a newer build of the same topology.
 */
public final class MercatoJob {
  /** The job name shown by Flink. */
  public static final String NAME = "mercato";

  /** The side output of rejected records (JSON, see {@link io.mercato.flink.ops.DeadLetters}). */
  public static final OutputTag<String> DEAD_LETTERS =
      new OutputTag<>("dead-letters", Types.STRING);

  private MercatoJob() {}

  /**
   * Adds the job's operators between {@code records} and the two sinks. Parsing and watermarking run
   * at the parallelism of {@code records} and are chained to it, so the watermark follows each source
   * instance's own order (see {@link EventWatermarks}); the keyed operators run at the environment's
   * parallelism.
   *
   * @param records       raw records, one JSON event each, with their acceptance time
   * @param stateSink     receives {@code (state key, aggregate bytes)}, at most one per key per flush
   *                      interval ({@link RedisStateSink} in production)
   * @param deadLetterSink receives rejected records as JSON
   * With {@code cfg.db()} set, the campaign statistics branch ({@link CampaignStatsBranch}) writes
   * to {@code stateSink} too.
   */
  public static void build(
      DataStream<AcceptedRecord> records,
      JobConfig cfg,
      Sink<Tuple2<String, byte[]>> stateSink,
      Sink<String> deadLetterSink) {
    CoreSettings core = cfg.core();
    String source = SourceName.kafka(cfg.topic());
    int sourceParallelism =
        records.getParallelism() > 0 ? records.getParallelism() : cfg.parallelism();
    SingleOutputStreamOperator<Event> parsed =
        records
            .process(new ParseRecords(core, DEAD_LETTERS, source), EventTypeInfo.INSTANCE)
            .name("parse")
            .uid("parse")
            .setParallelism(sourceParallelism);
    SingleOutputStreamOperator<Event> timed =
        parsed
            .assignTimestampsAndWatermarks(EventWatermarks.strategy(core.windows(), cfg.idleness()))
            .name("watermarks")
            .uid("watermarks")
            .setParallelism(sourceParallelism);
    SingleOutputStreamOperator<Event> accepted =
        timed
            .keyBy(Event::userId, Types.STRING)
            .process(new DedupAndLateness(core, DEAD_LETTERS, source), EventTypeInfo.INSTANCE)
            .name("dedup-and-lateness")
            .uid("dedup-and-lateness");
    DataStream<Tuple2<String, byte[]>> updates =
        accepted
            .flatMap(new FanOut(core), StreamTypes.KEYED_EVENT)
            .name("fan-out")
            .uid("fan-out")
            .keyBy(t -> t.f0, Types.STRING)
            .process(
                new UpdateAggregates(core, cfg.flushInterval(), cfg.redis().ttl()),
                StreamTypes.STATE_UPDATE)
            .name("aggregates")
            .uid("aggregates");
    if (cfg.db() != null) {
      updates = updates.union(CampaignStatsBranch.of(accepted, cfg.db(), cfg.flushInterval()));
    }
    updates
        .union(RecoJob.recommendations(timed, core, cfg.reco(), cfg.flushInterval()))
        .sinkTo(stateSink)
        .name("redis")
        .uid("redis");
    parsed
        .getSideOutput(DEAD_LETTERS)
        .union(accepted.getSideOutput(DEAD_LETTERS))
        .sinkTo(deadLetterSink)
        .name("dead-letters")
        .uid("dead-letters");
  }

  /**
   * An execution environment configured from {@code cfg}: parallelism, exactly-once checkpoints
   * retained on cancellation, the state backend, the checkpoint directory, the state to restore from,
   * and generic (Kryo) types disabled, which proves every record and state type has its own
   * serializer.
   *
   * @param local     an embedded MiniCluster rather than the environment {@code flink run} provides
   * @param overrides further Flink options applied last (tests set restart strategies here)
   */
  public static StreamExecutionEnvironment environment(
      JobConfig cfg, boolean local, Configuration overrides) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, cfg.parallelism());
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(StateBackendOptions.STATE_BACKEND, cfg.stateBackend().flinkName());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cfg.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (cfg.stateBackend() == JobConfig.StateBackend.ROCKSDB) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    if (cfg.checkpointDir() != null) {
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(cfg.checkpointDir()));
    }
    if (cfg.restoreFrom() != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, uri(cfg.restoreFrom()));
    }
    conf.addAll(overrides);
    StreamExecutionEnvironment env =
        local
            ? StreamExecutionEnvironment.createLocalEnvironment(cfg.parallelism(), conf)
            : StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(cfg.parallelism());
    return env;
  }

  /**
   * Reads the events topic from the committed offsets of the group, or from the earliest record; each
   * record with its Kafka timestamp as the acceptance time.
   */
  public static KafkaSource<AcceptedRecord> kafkaSource(JobConfig cfg) {
    requireKafka(cfg);
    return KafkaSource.<AcceptedRecord>builder()
        .setBootstrapServers(cfg.kafka())
        .setTopics(cfg.topic())
        .setGroupId(cfg.groupId())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new AcceptedRecordDeserializer())
        .build();
  }

  /**
   * Writes dead letters to the dead-letter topic, at least once (a restore may repeat some; a dead
   * letter is a report, not state).
   */
  public static KafkaSink<String> deadLetterSink(JobConfig cfg) {
    requireKafka(cfg);
    return KafkaSink.<String>builder()
        .setBootstrapServers(cfg.kafka())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<String>builder()
                .setTopic(cfg.deadLetterTopic())
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /** The Redis sink of {@code cfg}. */
  public static RedisStateSink redisSink(JobConfig cfg) {
    return new RedisStateSink(cfg.redis(), cfg.redisBatchSize(), cfg.flushInterval());
  }

  /** The whole job on Kafka and Redis in {@code env}. */
  public static void buildOnKafka(StreamExecutionEnvironment env, JobConfig cfg) {
    DataStream<AcceptedRecord> records =
        env.fromSource(
                kafkaSource(cfg), WatermarkStrategy.noWatermarks(), "kafka", AcceptedRecord.TYPE)
            .uid("kafka-source");
    build(records, cfg, redisSink(cfg), deadLetterSink(cfg));
  }

  /**
   * Submits the job on Kafka and Redis and returns at once.
   *
   * @param local run in an embedded MiniCluster in this JVM (it stops with the job); otherwise submit
   *              to the cluster of the surrounding {@code flink run}
   */
  public static RunningJob start(JobConfig cfg, boolean local) throws Exception {
    return start(cfg, local, new Configuration());
  }

  /** As {@link #start(JobConfig, boolean)}, with further Flink options. */
  public static RunningJob start(JobConfig cfg, boolean local, Configuration overrides)
      throws Exception {
    StreamExecutionEnvironment env = environment(cfg, local, overrides);
    buildOnKafka(env, cfg);
    JobClient client = env.executeAsync(NAME);
    return new RunningJob(client);
  }

  /** Runs the job in an embedded MiniCluster (what {@code mercato flink-job --local} does). */
  public static RunningJob runLocal(JobConfig cfg) throws Exception {
    return start(cfg, true);
  }

  private static void requireKafka(JobConfig cfg) {
    if (cfg.kafka() == null) {
      throw new IllegalArgumentException("kafka bootstrap servers are not set (--kafka HOST:PORT)");
    }
  }

  /** A plain path becomes a {@code file:} URI; URIs with a scheme are kept. */
  static String uri(String pathOrUri) {
    if (pathOrUri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return pathOrUri;
    }
    return Path.of(pathOrUri).toAbsolutePath().toUri().toString();
  }
}
