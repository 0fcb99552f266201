package io.mercato.engine;

import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.deadletter.DeadLetterConfig;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.store.sql.DatabaseConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the embedded engine.
 *
 * @param dataDir            where the journal, snapshots and dead letters live
 * @param shards             number of single-writer shards; 0 means one per available core
 * @param shardQueueCapacity events that may wait per shard before ingestion answers 503 (default 65,536)
 * @param stats              windows, lateness, rate prior and composite keys of the statistics
 * @param sampling           ingestion sampling and the inspection reservoir
 * @param profile            what each user profile keeps
 * @param reco               what the recommenders keep and how they score
 * @param als                when and how iALS is trained
 * @param ads                how ad decisions predict CTR, explore and pace
 * @param db                 where campaign and ad definitions live (embedded H2 under the data
 *                           directory by default, or PostgreSQL)
 * @param deadLetter         quota and retention of the dead-letter log
 */
public record EngineConfig(
    Path dataDir,
    int shards,
    int shardQueueCapacity,
    JournalConfig journal,
    SnapshotConfig snapshot,
    DedupConfig dedup,
    EventLimits limits,
    StatsConfig stats,
    SamplingConfig sampling,
    ProfileConfig profile,
    RecoConfig reco,
    AlsConfig als,
    AdsConfig ads,
    DatabaseConfig db,
    DeadLetterConfig deadLetter) {

  public EngineConfig {
    Objects.requireNonNull(deadLetter, "dead-letter");
    Objects.requireNonNull(dataDir, "data-dir");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(dedup, "dedup");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(reco, "reco");
    Objects.requireNonNull(als, "als");
    Objects.requireNonNull(ads, "ads");
    Objects.requireNonNull(db, "db");
    if (shards < 0) {
      throw new IllegalArgumentException("shards must not be negative but was " + shards);
    }
    if (shardQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "shard queue-capacity must be positive but was " + shardQueueCapacity);
    }
  }

  /** A configuration with the default recommendation settings. */
  public EngineConfig(
      Path dataDir,
      int shards,
      int shardQueueCapacity,
      JournalConfig journal,
      SnapshotConfig snapshot,
      DedupConfig dedup,
      EventLimits limits,
      StatsConfig stats,
      SamplingConfig sampling,
      ProfileConfig profile) {
    this(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        RecoConfig.defaults(),
        AlsConfig.defaults(),
        AdsConfig.defaults());
  }

  /** A configuration with the default ad settings. */
  public EngineConfig(
      Path dataDir,
      int shards,
      int shardQueueCapacity,
      JournalConfig journal,
      SnapshotConfig snapshot,
      DedupConfig dedup,
      EventLimits limits,
      StatsConfig stats,
      SamplingConfig sampling,
      ProfileConfig profile,
      RecoConfig reco,
      AlsConfig als) {
    this(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        als,
        AdsConfig.defaults());
  }

  /** A configuration with the default dead-letter quota and retention. */
  public EngineConfig(
      Path dataDir,
      int shards,
      int shardQueueCapacity,
      JournalConfig journal,
      SnapshotConfig snapshot,
      DedupConfig dedup,
      EventLimits limits,
      StatsConfig stats,
      SamplingConfig sampling,
      ProfileConfig profile,
      RecoConfig reco,
      AlsConfig als,
      AdsConfig ads,
      DatabaseConfig db) {
    this(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        als,
        ads,
        db,
        DeadLetterConfig.defaults());
  }

  /** A configuration with the embedded campaign database. */
  public EngineConfig(
      Path dataDir,
      int shards,
      int shardQueueCapacity,
      JournalConfig journal,
      SnapshotConfig snapshot,
      DedupConfig dedup,
      EventLimits limits,
      StatsConfig stats,
      SamplingConfig sampling,
      ProfileConfig profile,
      RecoConfig reco,
      AlsConfig als,
      AdsConfig ads) {
    this(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        als,
        ads,
        DatabaseConfig.defaults());
  }

  /** Defaults for everything but the data directory. */
  public static EngineConfig defaults(Path dataDir) {
    return new EngineConfig(
        dataDir,
        0,
        65_536,
        JournalConfig.defaults(),
        SnapshotConfig.defaults(),
        DedupConfig.defaults(),
        EventLimits.defaults(),
        StatsConfig.defaults(),
        SamplingConfig.defaults(),
        ProfileConfig.defaults());
  }

  /** A copy with other statistics settings. */
  public EngineConfig withStats(StatsConfig s) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        s,
        sampling,
        profile,
        reco,
        als,
        ads,
        db,
        deadLetter);
  }

  /** A copy with other sampling settings. */
  public EngineConfig withSampling(SamplingConfig s) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        s,
        profile,
        reco,
        als,
        ads,
        db,
        deadLetter);
  }

  /** A copy with other recommendation settings. */
  public EngineConfig withReco(RecoConfig r) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        r,
        als,
        ads,
        db,
        deadLetter);
  }

  /** A copy with other iALS settings. */
  public EngineConfig withAls(AlsConfig a) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        a,
        ads,
        db,
        deadLetter);
  }

  /** A copy with other ad settings. */
  public EngineConfig withAds(AdsConfig a) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        als,
        a,
        db,
        deadLetter);
  }

  /** A copy with another campaign database. */
  public EngineConfig withDb(DatabaseConfig d) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        als,
        ads,
        d,
        deadLetter);
  }

  /** A copy with another dead-letter quota and retention. */
  public EngineConfig withDeadLetter(DeadLetterConfig d) {
    return new EngineConfig(
        dataDir,
        shards,
        shardQueueCapacity,
        journal,
        snapshot,
        dedup,
        limits,
        stats,
        sampling,
        profile,
        reco,
        als,
        ads,
        db,
        d);
  }

  /** The effective shard count. */
  public int effectiveShards() {
    return shards == 0 ? Runtime.getRuntime().availableProcessors() : shards;
  }
}
