package io.mercato.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.testkit.infra.RedisServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same contract against one Redis and against a three-master Redis Cluster. */
class RedisStateStoreIT {
  private static RedisServer single;
  private static RedisServer cluster;

  @BeforeAll
  static void start() {
    single = RedisServer.start();
    cluster = RedisServer.startCluster(3);
  }

  @AfterAll
  static void stop() {
    single.close();
    cluster.close();
  }

  private static RedisStateStore connect(boolean onCluster, String prefix) {
    RedisServer r = onCluster ? cluster : single;
    return RedisStateStore.connect(
        new RedisConfig(
            onCluster ? r.uris() : List.of(r.uri()),
            onCluster,
            prefix,
            Duration.ofDays(1),
            Duration.ofSeconds(5)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void writesReadsInBulkAndDeletesItsPrefixOnly(boolean onCluster) {
    try (RedisStateStore store = connect(onCluster, "t1");
        RedisStateStore other = connect(onCluster, "t2")) {
      Map<StateKey, byte[]> batch = new LinkedHashMap<>();
      for (int i = 0; i < 200; i++) { // enough keys to span every master's slots
        batch.put(new StateKey(StateKind.USER, "u" + i), new byte[] {(byte) i, 1});
      }
      batch.put(new StateKey(StateKind.GLOBAL, "0"), new byte[] {9});
      store.writeStates(batch);
      other.writeStates(Map.of(new StateKey(StateKind.USER, "u1"), new byte[] {7}));

      assertThat(store.readState(new StateKey(StateKind.USER, "u5")))
          .hasValueSatisfying(b -> assertThat(b).containsExactly(5, 1));
      assertThat(store.readState(new StateKey(StateKind.USER, "nobody"))).isEmpty();
      Map<StateKey, byte[]> back =
          store.readStates(
              List.of(
                  new StateKey(StateKind.USER, "u199"),
                  new StateKey(StateKind.USER, "missing"),
                  new StateKey(StateKind.GLOBAL, "0")));
      assertThat(back.keySet())
          .containsExactly(
              new StateKey(StateKind.USER, "u199"), new StateKey(StateKind.GLOBAL, "0"));
      assertThat(back.get(new StateKey(StateKind.USER, "u199"))).containsExactly((byte) 199, 1);

      assertThat(store.deleteAll()).isEqualTo(201);
      assertThat(store.readState(new StateKey(StateKind.USER, "u5"))).isEmpty();
      assertThat(other.readState(new StateKey(StateKind.USER, "u1")))
          .hasValueSatisfying(b -> assertThat(b).containsExactly(7));
      other.deleteAll();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void userKeysExpireButGlobalKeysDoNot(boolean onCluster) {
    try (RedisStateStore store = connect(onCluster, "t3")) {
      store.writeStates(
          Map.of(
              new StateKey(StateKind.USER, "u"),
              new byte[] {1},
              new StateKey(StateKind.GLOBAL, "1"),
              new byte[] {2}));
      long userTtl =
          store.await(store.commands().pttl(store.keys().state(new StateKey(StateKind.USER, "u"))));
      long globalTtl =
          store.await(
              store.commands().pttl(store.keys().state(new StateKey(StateKind.GLOBAL, "1"))));
      assertThat(userTtl).isBetween(1L, Duration.ofDays(1).toMillis());
      assertThat(globalTtl).isEqualTo(-1L);
      store.deleteAll();
    }
  }

  /** Only a cluster has slots (a single Redis refuses CLUSTER KEYSLOT), so this runs on the cluster. */
  @Test
  void aUsersKeysShareOneSlotAndUsersSpreadOverTheCluster() {
    try (RedisStateStore store = connect(true, "t4")) {
      long profile =
          store.await(
              store
                  .commands()
                  .clusterKeyslot(store.keys().state(new StateKey(StateKind.USER, "alice"))));
      long caps = store.await(store.commands().clusterKeyslot(store.keys().caps("alice")));
      assertThat(caps).isEqualTo(profile);
      Set<Long> slots = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        slots.add(
            store.await(
                store
                    .commands()
                    .clusterKeyslot(store.keys().state(new StateKey(StateKind.USER, "u" + i)))));
      }
      assertThat(slots).as("different users in different slots").hasSizeGreaterThan(10);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anUnreachableRedisIsAClearError(boolean onCluster) {
    RedisConfig nowhere =
        new RedisConfig(
            List.of("redis://127.0.0.1:1"),
            onCluster,
            "x",
            Duration.ofDays(1),
            Duration.ofSeconds(2));
    assertThatThrownBy(() -> RedisStateStore.connect(nowhere))
        .isInstanceOf(RedisStoreException.class)
        .hasMessageContaining("127.0.0.1:1");
  }
}
