package io.mercato.flink;

import io.mercato.core.reco.RecoConfig;
import io.mercato.flink.reco.RecoSettings;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.sql.DatabaseConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the Flink job is configured with. Build one with {@link #builder}; every option but the
 * Redis location has a default (listed per component).
 *
 * @param kafka              Kafka {@code bootstrap.servers}; null only when the caller supplies its own
 *                           source and dead-letter sink ({@link MercatoJob#build})
 * @param topic              topic of the events, one JSON event per record (default {@code mercato.events})
 * @param deadLetterTopic    topic of rejected records (default {@code mercato.events.dead})
 * @param groupId            Kafka consumer group; offsets are committed on checkpoints, for monitoring
 *                           only: a restore resumes from the checkpoint (default {@code mercato-flink})
 * @param redis              where the aggregates are written
 * @param core               windows, lateness, composites, profile, limits, dedup horizon, global partitions
 *                           (default: the embedded engine's defaults)
 * @param parallelism        parallelism of every operator (default 2)
 * @param stateBackend       where keyed state lives (default {@link StateBackend#HEAP})
 * @param checkpointDir      URI or path of the checkpoint storage, e.g. {@code file:///var/mercato/ckpt} or
 *                           {@code s3://…}; null keeps checkpoints in JobManager memory (local tries only:
 *                           nothing survives a process restart) (default null)
 * @param checkpointInterval exactly-once checkpoint interval (default 10 s)
 * @param flushInterval      how often a changed aggregate is written at most, and how long the Redis sink
 *                           buffers at most (default 100 ms)
 * @param redisBatchSize     keys per pipelined Redis write (default 500)
 * @param idleness           a source with no record for this long stops holding the watermark back; zero
 *                           disables it (default 5 s)
 * @param restoreFrom        checkpoint or savepoint path to restore from, or null (default null)
 * @param reco               the recommendation settings, equal to the API nodes' {@code reco.*}
 *                           (default: the embedded engine's defaults)
 * @param db                 the campaign database the API nodes share, read for the campaign and ad
 *                           definitions that ad events are charged and attributed by (see
 *                           {@link io.mercato.flink.ads.UpdateCampaignStats}); null runs the job without
 *                           campaign statistics (default null)
 */
public record JobConfig(
    String kafka,
    String topic,
    String deadLetterTopic,
    String groupId,
    RedisConfig redis,
    CoreSettings core,
    int parallelism,
    StateBackend stateBackend,
    String checkpointDir,
    Duration checkpointInterval,
    Duration flushInterval,
    int redisBatchSize,
    Duration idleness,
    String restoreFrom,
    RecoSettings reco,
    DatabaseConfig db) {

  /** Where Flink keeps keyed state. */
  public enum StateBackend {
    /** Objects on the JVM heap (Flink's {@code hashmap} backend): fastest, bounded by the heap. */
    HEAP("hashmap"),
    /** Serialized in embedded RocksDB on local disk: state larger than memory, incremental checkpoints. */
    ROCKSDB("rocksdb");

    private final String flinkName;

    StateBackend(String flinkName) {
      this.flinkName = flinkName;
    }

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
      return flinkName;
    }

    /** Parses {@code heap}, {@code hashmap} or {@code rocksdb} (any case). */
    public static StateBackend parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "heap", "hashmap" -> HEAP;
        case "rocksdb" -> ROCKSDB;
        default ->
            throw new IllegalArgumentException(
                "state backend must be heap or rocksdb but was " + s);
      };
    }
  }

  public JobConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(core, "core");
    Objects.requireNonNull(stateBackend, "stateBackend");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(idleness, "idleness");
    Objects.requireNonNull(reco, "reco");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1 but was " + parallelism);
    }
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "checkpoint interval must be at least 10 ms but was " + checkpointInterval);
    }
    if (flushInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "flush interval must be at least 1 ms but was " + flushInterval);
    }
    if (redisBatchSize < 1) {
      throw new IllegalArgumentException(
          "redis batch size must be at least 1 but was " + redisBatchSize);
    }
    if (idleness.isNegative()) {
      throw new IllegalArgumentException("idleness must not be negative but was " + idleness);
    }
  }

  /** A builder with every default, writing to the Redis at {@code redisUri}. */
  public static Builder builder(String redisUri) {
    return new Builder(RedisConfig.single(redisUri));
  }

  /** A builder with every default, writing to {@code redis}. */
  public static Builder builder(RedisConfig redis) {
    return new Builder(redis);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(redis);
    b.kafka = kafka;
    b.topic = topic;
    b.deadLetterTopic = deadLetterTopic;
    b.groupId = groupId;
    b.core = core;
    b.parallelism = parallelism;
    b.stateBackend = stateBackend;
    b.checkpointDir = checkpointDir;
    b.checkpointInterval = checkpointInterval;
    b.flushInterval = flushInterval;
    b.redisBatchSize = redisBatchSize;
    b.idleness = idleness;
    b.restoreFrom = restoreFrom;
    b.reco = reco;
    b.db = db;
    return b;
  }

  /** Builds a {@link JobConfig}; every setter is optional. */
  public static final class Builder {
    private RedisConfig redis;
    private String kafka;
    private String topic = "mercato.events";
    private String deadLetterTopic = "mercato.events.dead";
    private String groupId = "mercato-flink";
    private CoreSettings core = CoreSettings.defaults();
    private int parallelism = 2;
    private StateBackend stateBackend = StateBackend.HEAP;
    private String checkpointDir;
    private Duration checkpointInterval = Duration.ofSeconds(10);
    private Duration flushInterval = Duration.ofMillis(100);
    private int redisBatchSize = 500;
    private Duration idleness = Duration.ofSeconds(5);
    private String restoreFrom;
    private RecoSettings reco = RecoSettings.defaults();
    private DatabaseConfig db;

    private Builder(RedisConfig redis) {
      this.redis = redis;
    }

    public Builder redis(RedisConfig v) {
      redis = v;
      return this;
    }

    public Builder kafka(String v) {
      kafka = v;
      return this;
    }

    public Builder topic(String v) {
      topic = v;
      return this;
    }

    public Builder deadLetterTopic(String v) {
      deadLetterTopic = v;
      return this;
    }

    public Builder groupId(String v) {
      groupId = v;
      return this;
    }

    public Builder core(CoreSettings v) {
      core = v;
      return this;
    }

    public Builder parallelism(int v) {
      parallelism = v;
      return this;
    }

    public Builder stateBackend(StateBackend v) {
      stateBackend = v;
      return this;
    }

    public Builder checkpointDir(String v) {
      checkpointDir = v;
      return this;
    }

    public Builder checkpointInterval(Duration v) {
      checkpointInterval = v;
      return this;
    }

    public Builder flushInterval(Duration v) {
      flushInterval = v;
      return this;
    }

    public Builder redisBatchSize(int v) {
      redisBatchSize = v;
      return this;
    }

    public Builder idleness(Duration v) {
      idleness = v;
      return this;
    }

    public Builder restoreFrom(String v) {
      restoreFrom = v;
      return this;
    }

    /** The recommendation settings (the API nodes' {@code reco.*}). */
    public Builder reco(RecoConfig v) {
      reco = new RecoSettings(v);
      return this;
    }

    /** The campaign database (for campaign statistics), or null for none. */
    public Builder db(DatabaseConfig v) {
      db = v;
      return this;
    }

    public JobConfig build() {
      return new JobConfig(
          kafka,
          topic,
          deadLetterTopic,
          groupId,
          redis,
          core,
          parallelism,
          stateBackend,
          checkpointDir,
          checkpointInterval,
          flushInterval,
          redisBatchSize,
          idleness,
          restoreFrom,
          reco,
          db);
    }
  }
}
