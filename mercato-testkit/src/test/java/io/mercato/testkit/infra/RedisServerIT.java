package io.mercato.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisServerIT {
  @Test
  void singleNodeAnswersAndRestartsEmpty() {
    try (RedisServer r = RedisServer.start()) {
      assertThat(r.command("SET", "k", "v")).startsWith("+OK");
      assertThat(r.command("GET", "k")).contains("v");
      r.restartEmpty();
      assertThat(r.command("GET", "k")).startsWith("$-1");
    }
  }

  @Test
  void clusterCoversEverySlot() {
    try (RedisServer r = RedisServer.startCluster(3)) {
      assertThat(r.uris()).hasSize(3);
      assertThat(r.command("CLUSTER", "INFO"))
          .contains("cluster_state:ok", "cluster_slots_assigned:16384");
    }
  }
}
