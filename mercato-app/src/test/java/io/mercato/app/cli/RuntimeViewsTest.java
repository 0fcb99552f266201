package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.app.config.ConfigLoader;
import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.MercatoConfig;
import io.mercato.cluster.ClusterSettings;
import io.mercato.flink.JobConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster API node and the Flink job take the shared settings from the same view of one tree. */
class RuntimeViewsTest {
  @TempDir Path dir;

  private MercatoConfig load(String... assignments) {
    List<ConfigOverride> sets = Arrays.stream(assignments).map(ConfigOverride::parseSet).toList();
    return new ConfigLoader(Map.of(), dir).load(null, sets).config();
  }

  @Test
  void theFlinkJobAndTheApiNodeShareEveryAggregateSettingOfTheTree() {
    MercatoConfig cfg =
        load(
            "mode=cluster",
            "kafka.bootstrap=k:9092",
            "redis.url=redis://r:6379",
            "db.url=jdbc:postgresql://db:5432/m",
            "redis.global-partitions=7",
            "stats.windows=1m,1h",
            "stats.max-lead=30s",
            "limits.custom-types=wishlist,share",
            "dedup.horizon=2h",
            "profile.recent-items=30");

    FlinkJobCommand flags = new FlinkJobCommand(null);
    flags.parallelism = 1;
    flags.stateBackend = "heap";
    flags.checkpointInterval = "10s";
    flags.flushInterval = "100ms";
    flags.groupId = "g";
    JobConfig job = flags.jobConfig(cfg);
    ClusterSettings node = cfg.clusterSettings();

    assertThat(job.core().settings()).isEqualTo(cfg.aggregates());
    assertThat(job.core().limits().customTypes())
        .as("declared custom types reach the job")
        .isEqualTo("wishlist,share");
    assertThat(job.core().globalPartitions())
        .isEqualTo(7)
        .isEqualTo(node.layout().globalPartitions());
    assertThat(job.core().dedupHorizon()).hasHours(2);
    assertThat(node.limits()).isEqualTo(cfg.aggregates().limits());
    assertThat(node.maxLead()).isEqualTo(job.core().stats().maxLead()).hasSeconds(30);
    assertThat(node.layout().windows().names())
        .isEqualTo(job.core().windows().names())
        .containsExactly("1m", "1h");
  }
}
