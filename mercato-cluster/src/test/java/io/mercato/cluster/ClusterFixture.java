package io.mercato.cluster;

import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.stats.StatsConfig;
import io.mercato.engine.DedupConfig;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.mercato.engine.SamplingConfig;
import io.mercato.engine.SnapshotConfig;
import io.mercato.engine.journal.JournalConfig;
import io.mercato.server.MercatoServer;
import io.mercato.server.ServerConfig;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisKeys;
import io.mercato.store.sql.DatabaseConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Shared settings of the cluster ITs: one clock, the default layout, servers on free ports. */
final class ClusterFixture {
  /** The clock of both runtimes: events up to a day after it are valid. */
  static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

  static final InstantSource CLOCK = InstantSource.fixed(NOW);

  private ClusterFixture() {}

  /** The default windows, composites and profile settings, over 4 global partitions. */
  static KeyedAggregates layout() {
    StatsConfig stats = StatsConfig.defaults();
    return new KeyedAggregates(
        stats.toWindows(), stats.toCompositeKeys(), ProfileConfig.defaults(), 4);
  }

  static ClusterSettings settings(String bootstrap, String redisUri, String prefix, Path dbDir) {
    return new ClusterSettings(
        new KafkaSettings(
            bootstrap,
            KafkaSettings.DEFAULT_TOPIC,
            KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC,
            Duration.ofSeconds(3)),
        new RedisConfig(
            List.of(redisUri), false, prefix, RedisConfig.DEFAULT_TTL, Duration.ofSeconds(5)),
        layout(),
        StatsConfig.defaults().ratePriorStrength(),
        EventLimits.defaults(),
        new DatabaseConfig(
            "jdbc:h2:file:" + dbDir.resolve("campaigns").toAbsolutePath(), "", "", 2));
  }

  /** A running cluster node: its backend and the HTTP server in front of it. */
  record Node(ClusterBackend backend, MercatoServer server, Http http) implements AutoCloseable {
    static Node start(ClusterSettings settings) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ClusterBackend backend = ClusterBackend.start(settings, CLOCK, registry);
      MercatoServer server =
          MercatoServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20), backend, registry);
      return new Node(backend, server, new Http(server.port()));
    }

    @Override
    public void close() {
      server.close();
      backend.close();
    }
  }

  /** An embedded engine (two shards) and its server: the reference the cluster node must equal. */
  record Embedded(Engine engine, MercatoServer server, Http http) implements AutoCloseable {
    static Embedded start(Path dataDir) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      EngineConfig config =
          new EngineConfig(
              dataDir,
              2,
              65_536,
              JournalConfig.defaults().withSegmentBytes(1 << 20),
              SnapshotConfig.defaults(),
              DedupConfig.defaults(),
              EventLimits.defaults(),
              StatsConfig.defaults(),
              SamplingConfig.defaults(),
              ProfileConfig.defaults());
      Engine engine = Engine.start(config, CLOCK, registry);
      if (!engine.awaitReady(Duration.ofSeconds(30))) {
        throw new IllegalStateException("embedded engine not ready: " + engine.status());
      }
      MercatoServer server =
          MercatoServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20), engine, registry);
      return new Embedded(engine, server, new Http(server.port()));
    }

    @Override
    public void close() {
      server.close();
      engine.close();
    }
  }

  /** A key prefix no other test class uses, so tests can share one Redis. */
  static String prefix(String name) {
    return new RedisKeys(name).prefix();
  }
}
