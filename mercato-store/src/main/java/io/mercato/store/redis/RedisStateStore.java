package io.mercato.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster runtime's serving state in Redis (single node or Redis Cluster) through Lettuce: state
 * keys ({@link RedisKeys}) mapped to aggregate bytes. Writers (the Flink job's sink) put whole
 * aggregates in pipelined batches, so a write is idempotent: replaying it after a restore converges
 * to the same bytes. Readers (API nodes) get them back one by one or in bulk.
 *
 * <p>Thread-safe: one multiplexed connection serves every thread. Failures surface as
 * {@link RedisStoreException}.
 */
public final class RedisStateStore implements AutoCloseable {
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private final RedisConfig config;
  private final RedisKeys keys;
  private final AutoCloseable client;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;

  private RedisStateStore(
      RedisConfig config,
      AutoCloseable client,
      StatefulConnection<String, byte[]> connection,
      RedisClusterAsyncCommands<String, byte[]> commands) {
    this.config = config;
    this.keys = new RedisKeys(config.prefix());
    this.client = client;
    this.connection = connection;
    this.commands = commands;
  }

  /**
   * Connects to the Redis (or Redis Cluster) {@code config} names.
   *
   * @throws RedisStoreException when it cannot be reached
   */
  public static RedisStateStore connect(RedisConfig config) {
    try {
      List<RedisURI> uris = new ArrayList<>();
      for (String u : config.uris()) {
        RedisURI uri = RedisURI.create(u);
        uri.setTimeout(config.timeout());
        uris.add(uri);
      }
      if (config.cluster()) {
        RedisClusterClient client = RedisClusterClient.create(uris);
        StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
        c.setTimeout(config.timeout());
        return new RedisStateStore(config, client::shutdown, c, c.async());
      }
      RedisClient client = RedisClient.create(uris.get(0));
      StatefulRedisConnection<String, byte[]> c = client.connect(CODEC);
      c.setTimeout(config.timeout());
      return new RedisStateStore(config, client::shutdown, c, c.async());
    } catch (RuntimeException e) {
      throw new RedisStoreException(
          "cannot connect to Redis at " + String.join(",", config.uris()) + ": " + e.getMessage(),
          e);
    }
  }

  public RedisConfig config() {
    return config;
  }

  public RedisKeys keys() {
    return keys;
  }

  /** The async commands of the shared connection, for adapters with their own scripts (caps, spend). */
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    return commands;
  }

  /**
   * Writes every (state key → aggregate bytes) of {@code batch} in one pipeline and waits for all of
   * them. Global keys and the recommendation meta key never expire ({@link StateKind#expires}); every
   * other key gets the configured TTL again.
   */
  public void writeStates(Map<StateKey, byte[]> batch) {
    if (batch.isEmpty()) {
      return;
    }
    SetArgs expiring = SetArgs.Builder.px(config.ttl().toMillis());
    List<RedisFuture<String>> pending = new ArrayList<>(batch.size());
    batch.forEach(
        (k, v) ->
            pending.add(
                k.kind().expires()
                    ? commands.set(keys.state(k), v, expiring)
                    : commands.set(keys.state(k), v)));
    awaitAll(pending);
  }

  /** The bytes of {@code key}, empty when absent (never written, expired or flushed). */
  public Optional<byte[]> readState(StateKey key) {
    return Optional.ofNullable(await(commands.get(keys.state(key))));
  }

  /**
   * The bytes of every present key among {@code stateKeys}, in their order (absent keys left out). On
   * Redis Cluster, Lettuce splits the MGET per slot.
   */
  public Map<StateKey, byte[]> readStates(Collection<StateKey> stateKeys) {
    Map<StateKey, byte[]> out = new LinkedHashMap<>();
    if (stateKeys.isEmpty()) {
      return out;
    }
    List<StateKey> ordered = new ArrayList<>(stateKeys);
    String[] names = ordered.stream().map(keys::state).toArray(String[]::new);
    List<KeyValue<String, byte[]>> values = await(commands.mget(names));
    for (int i = 0; i < values.size(); i++) {
      KeyValue<String, byte[]> kv = values.get(i);
      if (kv.hasValue()) {
        out.put(ordered.get(i), kv.getValue());
      }
    }
    return out;
  }

  /** Removes every key under this store's prefix (tests, and the rebuild runbook). Returns how many. */
  public long deleteAll() {
    long n = 0;
    ScanArgs args = ScanArgs.Builder.matches(keys.all()).limit(1000);
    KeyScanCursor<String> cursor = await(commands.scan(args));
    while (true) {
      if (!cursor.getKeys().isEmpty()) {
        for (String k : cursor.getKeys()) {
          n += await(commands.del(k)); // one key per DEL: keys of a page may sit in different slots
        }
      }
      if (cursor.isFinished()) {
        return n;
      }
      cursor = await(commands.scan(cursor, args));
    }
  }

  /** Waits for a command within the configured timeout. */
  public <T> T await(RedisFuture<T> f) {
    try {
      return f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisStoreException("interrupted waiting for Redis", e);
    } catch (ExecutionException e) {
      throw new RedisStoreException(
          "Redis command failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new RedisStoreException("Redis did not answer within " + config.timeout(), e);
    }
  }

  private <T> void awaitAll(List<RedisFuture<T>> pending) {
    for (RedisFuture<T> f : pending) {
      await(f);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
      client.close();
    } catch (Exception e) {
      throw new RedisStoreException("closing the Redis client failed: " + e.getMessage(), e);
    }
  }
}
