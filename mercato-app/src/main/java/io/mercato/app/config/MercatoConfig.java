package io.mercato.app.config;

import io.mercato.core.event.EventLimits;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.DedupConfig;
import io.mercato.engine.SamplingConfig;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SnapshotConfig;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.server.ServerConfig;
import io.mercato.store.sql.DatabaseConfig;
import java.util.Objects;

/**
 * The whole configuration of a Mercato process: one tree of records, each section the very record
 * its module takes (ARCHITECTURE.md §4.7). In YAML every record component is a kebab-case key, e.g.
 * {@code journal.fsync-interval}; {@code mercato.reference.yaml} documents every key with its default.
 * Built by {@link ConfigLoader}: defaults, then the file, then {@code MERCATO_*} environment
 * variables, then command-line flags.
 */
public record MercatoConfig(
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
    DatabaseConfig db) {

  public MercatoConfig {
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
  }

  /** The built-in defaults, as documented in {@code mercato.reference.yaml}. */
  public static MercatoConfig defaults() {
    return new MercatoConfig(ServerConfig.defaults(), EngineSection.defaults(), JournalConfig.defaults(),
        SnapshotConfig.defaults(), DedupConfig.defaults(), EventLimits.defaults(), StatsConfig.defaults(),
        SamplingConfig.defaults(), ProfileSection.defaults(), RecoSection.defaults(),
        AdsSection.defaults(), DatabaseConfig.defaults());
  }

  /** The embedded engine's configuration. */
  public EngineConfig engineConfig() {
    return new EngineConfig(engine.dataDir(), engine.shards(), engine.queueCapacity(), journal, snapshot,
        dedup, limits, stats, sampling, profile.toProfileConfig(), reco.toRecoConfig(), reco.toAlsConfig(),
        ads.toAdsConfig(), db);
  }

  public MercatoConfig withEngine(EngineSection e) {
    return new MercatoConfig(server, e, journal, snapshot, dedup, limits, stats, sampling, profile, reco, ads, db);
  }
}
