package io.mercato.app.config;

import io.mercato.core.state.KeyedAggregates;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code redis:} section, used in cluster mode: where the Flink job writes the aggregates and API
 * nodes read them. The job and every node must agree on all of it, and on the {@code stats:} and
 * {@code profile:} sections, which fix the aggregates' shape.
 *
 * @param url              {@code redis://host:port}; for a Redis Cluster, comma-separated seed nodes;
 *                         required in cluster mode (default empty)
 * @param cluster          whether {@code url} names a Redis Cluster (default false)
 * @param prefix           key prefix, so several deployments can share a Redis (default {@code mercato})
 * @param ttl              expiry of user, item, category, campaign, ad and composite keys after their
 *                         last write; the global partitions never expire (default 30d)
 * @param timeout          command timeout; a read that takes longer answers 503 (default 5s)
 * @param globalPartitions keys the global statistics are spread over, so that no single key is hot;
 *                         readers merge them (default 4, 1 to 1024)
 */
public record RedisSection(
    String url,
    boolean cluster,
    String prefix,
    Duration ttl,
    Duration timeout,
    int globalPartitions) {
  public RedisSection {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(timeout, "timeout");
    if (prefix == null || prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
      throw new IllegalArgumentException("prefix must be non-empty and without braces: " + prefix);
    }
    if (ttl.isNegative() || ttl.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("ttl and timeout must be positive");
    }
    if (globalPartitions < 1 || globalPartitions > 1024) {
      throw new IllegalArgumentException(
          "global-partitions must be in [1, 1024] but was " + globalPartitions);
    }
  }

  public static RedisSection defaults() {
    return new RedisSection(
        "",
        false,
        "mercato",
        Duration.ofDays(30),
        Duration.ofSeconds(5),
        KeyedAggregates.DEFAULT_GLOBAL_PARTITIONS);
  }

  /** The URLs of {@link #url()}, split at commas. */
  public List<String> urls() {
    return Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
