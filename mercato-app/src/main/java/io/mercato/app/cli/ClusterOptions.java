package io.mercato.app.cli;

import io.mercato.app.config.ConfigOverride;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the cluster runtime's parts live, shared by {@code serve --mode cluster} and
 * {@code flink-job} so both name them the same way and map them onto the same configuration keys.
 */
final class ClusterOptions {
  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Cluster mode: Kafka bootstrap servers (default: kafka.bootstrap).")
  String kafka;

  @Option(
      names = "--redis",
      paramLabel = "URL",
      description =
          "Cluster mode: redis://HOST:PORT, or comma-separated seed nodes of a Redis Cluster "
              + "(default: redis.url).")
  String redis;

  @Option(
      names = "--redis-cluster",
      description = "Cluster mode: --redis names a Redis Cluster (default: redis.cluster).")
  boolean redisCluster;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "Campaign database, e.g. jdbc:postgresql://db:5432/mercato (default: db.url; empty = the "
              + "embedded H2 database in <data-dir>/db/, embedded mode only). User and password: db.user, "
              + "db.password (MERCATO_DB_USER, MERCATO_DB_PASSWORD).")
  String db;

  /** Appends the overrides of the options given to {@code flags}. */
  void addTo(List<ConfigOverride> flags) {
    if (db != null) {
      flags.add(new ConfigOverride("db.url", db, "--db"));
    }
    if (kafka != null) {
      flags.add(new ConfigOverride("kafka.bootstrap", kafka, "--kafka"));
    }
    if (redis != null) {
      flags.add(new ConfigOverride("redis.url", redis, "--redis"));
    }
    if (redisCluster) {
      flags.add(new ConfigOverride("redis.cluster", "true", "--redis-cluster"));
    }
  }
}
