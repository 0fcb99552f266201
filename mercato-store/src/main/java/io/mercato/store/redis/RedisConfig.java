package io.mercato.store.redis;

import java.time.Duration;
import java.util.List;

/**
 * Where the cluster runtime's serving state lives.
 *
 * @param uris     one {@code redis://host:port} for a single Redis, or seed nodes of a Redis Cluster
 * @param cluster  whether {@code uris} name a Redis Cluster (hash-slot routing, multi-key commands split
 *                 per slot)
 * @param prefix   the key prefix ({@link RedisKeys})
 * @param ttl      expiry of user, item, category, ad, campaign and composite keys after their last
 *                 write; global keys never expire
 * @param timeout  command timeout
 */
public record RedisConfig(
    List<String> uris, boolean cluster, String prefix, Duration ttl, Duration timeout) {
  /** Default expiry of inactive keys. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(30);

  public RedisConfig {
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("redis: at least one URI is required");
    }
    if (!cluster && uris.size() > 1) {
      throw new IllegalArgumentException("redis: several URIs name a Redis Cluster; set cluster");
    }
    new RedisKeys(prefix); // validates
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("redis.ttl must be positive: " + ttl);
    }
  }

  /** A single Redis at {@code uri} with default prefix, TTL and a 5 s timeout. */
  public static RedisConfig single(String uri) {
    return new RedisConfig(
        List.of(uri), false, RedisKeys.DEFAULT_PREFIX, DEFAULT_TTL, Duration.ofSeconds(5));
  }
}
