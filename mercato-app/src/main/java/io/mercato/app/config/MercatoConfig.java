package io.mercato.app.config;

import io.mercato.cluster.ClusterSettings;
import io.mercato.cluster.KafkaSettings;
import io.mercato.core.config.AggregateSettings;
import io.mercato.core.event.EventLimits;
import io.mercato.core.quality.QualityConfig;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.DedupConfig;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SamplingConfig;
import io.mercato.engine.SnapshotConfig;
import io.mercato.engine.deadletter.DeadLetterConfig;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.server.ServerConfig;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.sql.DatabaseConfig;
import java.util.Objects;

/**
 * The whole configuration of a Mercato process: one tree of records, each section the very record
 * its module takes (ARCHITECTURE.md §4.7), with one view per runtime: {@link #engineConfig()} (the
 * embedded engine), {@link #clusterSettings()} (a cluster API node) and {@link #aggregates()} (what
 * every runtime shares, the Flink job included). docs/configuration.md draws the tree. In YAML every record component is a kebab-case key, e.g.
 * {@code journal.fsync-interval}; {@code mercato.reference.yaml} documents every key with its default.
 * Built by {@link ConfigLoader}: defaults, then the file, then {@code MERCATO_*} environment
 * variables, then command-line flags.
 */
public record MercatoConfig(
    Mode mode,
    ServerConfig server,
    EngineSection engine,
    JournalConfig journal,
    SnapshotConfig snapshot,
    DedupConfig dedup,
    EventLimits limits,
    StatsConfig stats,
    SamplingConfig sampling,
    ProfileSection profile,
    RecoSection reco,
    AdsSection ads,
    DatabaseConfig db,
    KafkaSection kafka,
    RedisSection redis,
    DeadLetterConfig deadLetter,
    QualityConfig quality,
    IngestSection ingest) {

  public MercatoConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(reco, "reco");
    Objects.requireNonNull(ads, "ads");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(deadLetter, "dead-letter");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(ingest, "ingest");
  }

  /** The built-in defaults, as documented in {@code mercato.reference.yaml}. */
  public static MercatoConfig defaults() {
    return new MercatoConfig(
        Mode.EMBEDDED,
        ServerConfig.defaults(),
        EngineSection.defaults(),
        JournalConfig.defaults(),
        SnapshotConfig.defaults(),
        DedupConfig.defaults(),
        EventLimits.defaults(),
        StatsConfig.defaults(),
        SamplingConfig.defaults(),
        ProfileSection.defaults(),
        RecoSection.defaults(),
        AdsSection.defaults(),
        DatabaseConfig.defaults(),
        KafkaSection.defaults(),
        RedisSection.defaults(),
        DeadLetterConfig.defaults(),
        QualityConfig.defaults(),
        IngestSection.defaults());
  }

  /** The embedded engine's configuration. */
  public EngineConfig engineConfig() {
    return new EngineConfig(
        engine.dataDir(),
        engine.shards(),
        engine.queueCapacity(),
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile.toProfileConfig(),
        reco.toRecoConfig(),
        reco.toAlsConfig(),
        ads.toAdsConfig(),
        db,
        deadLetter);
  }

  public MercatoConfig withEngine(EngineSection e) {
    return new MercatoConfig(
        mode,
        server,
        e,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        ads,
        db,
        kafka,
        redis,
        deadLetter,
        quality,
        ingest);
  }

  /**
   * The settings every runtime must share (ARCHITECTURE.md §4.7): {@code stats.*}, {@code profile.*},
   * {@code limits.*}, {@code dedup.horizon} and {@code redis.global-partitions}. The cluster API node
   * ({@link #clusterSettings()}) and the Flink job ({@code mercato flink-job}) both take this view.
   */
  public AggregateSettings aggregates() {
    return new AggregateSettings(
        stats, profile.toProfileConfig(), limits, dedup.horizon(), redis.globalPartitions());
  }

  /**
   * The cluster API node's configuration: Kafka, Redis and the database, and the aggregates' shape
   * ({@link #aggregates()}, which the Flink job must share).
   *
   * @throws IllegalArgumentException naming the key when kafka.bootstrap, redis.url or db.url is missing
   */
  public ClusterSettings clusterSettings() {
    if (kafka.bootstrap().isBlank()) {
      throw new IllegalArgumentException(
          "kafka.bootstrap is required in cluster mode (--kafka HOST:PORT)");
    }
    if (redis.urls().isEmpty()) {
      throw new IllegalArgumentException(
          "redis.url is required in cluster mode (--redis redis://HOST:PORT)");
    }
    return ClusterSettings.of(
        new KafkaSettings(
            kafka.bootstrap(),
            kafka.topic(),
            kafka.deadLetterTopic(),
            kafka.deliveryTimeout(),
            deadLetter),
        new RedisConfig(
            redis.urls(), redis.cluster(), redis.prefix(), redis.ttl(), redis.timeout()),
        aggregates(),
        db,
        reco.toRecoConfig());
  }
}
