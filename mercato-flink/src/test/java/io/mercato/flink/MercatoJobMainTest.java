package io.mercato.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MercatoJobMainTest {
  @Test
  void defaultsEqualTheEmbeddedEngine() {
    MercatoJobMain.Parsed p =
        MercatoJobMain.parse("--kafka", "k:9092", "--redis", "redis://r:6379");
    JobConfig c = p.config();
    assertThat(p.local()).isFalse();
    assertThat(c.kafka()).isEqualTo("k:9092");
    assertThat(c.redis().uris()).containsExactly("redis://r:6379");
    assertThat(c.parallelism()).isEqualTo(2);
    assertThat(c.stateBackend()).isEqualTo(JobConfig.StateBackend.HEAP);
    assertThat(c.topic()).isEqualTo("mercato.events");
    assertThat(c.deadLetterTopic()).isEqualTo("mercato.events.dead");
    assertThat(c.core()).isEqualTo(CoreSettings.defaults());
  }

  @Test
  void readsEveryOption() {
    MercatoJobMain.Parsed p =
        MercatoJobMain.parse(
            "--kafka=k:1",
            "--redis",
            "redis://a:1,redis://b:2",
            "--redis-cluster",
            "--parallelism",
            "4",
            "--state-backend",
            "rocksdb",
            "--checkpoint-dir",
            "/tmp/ck",
            "--checkpoint-interval",
            "30s",
            "--topic",
            "t",
            "--group-id",
            "g",
            "--flush-interval",
            "250ms",
            "--idleness",
            "0",
            "--windows",
            "1m,1h",
            "--allowed-lateness",
            "2m",
            "--dedup-horizon",
            "PT1H",
            "--global-partitions",
            "3",
            "--restore-from",
            "/tmp/ck/chk-7",
            "--local");
    JobConfig c = p.config();
    assertThat(p.local()).isTrue();
    assertThat(c.redis().cluster()).isTrue();
    assertThat(c.redis().uris()).isEqualTo(List.of("redis://a:1", "redis://b:2"));
    assertThat(c.parallelism()).isEqualTo(4);
    assertThat(c.stateBackend()).isEqualTo(JobConfig.StateBackend.ROCKSDB);
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.idleness()).isZero();
    assertThat(c.core().windows().names()).containsExactly("1m", "1h");
    assertThat(c.core().windows().latenessMillis()).isEqualTo(120_000);
    assertThat(c.core().dedupHorizon()).isEqualTo(Duration.ofHours(1));
    assertThat(c.core().globalPartitions()).isEqualTo(3);
    assertThat(c.restoreFrom()).isEqualTo("/tmp/ck/chk-7");
    assertThat(MercatoJob.uri(c.checkpointDir())).isEqualTo("file:///tmp/ck");
  }

  @Test
  void namesTheBadFlag() {
    assertThatThrownBy(() -> MercatoJobMain.parse("--redis", "redis://r:1"))
        .hasMessageContaining("--kafka HOST:PORT is required");
    assertThatThrownBy(
            () ->
                MercatoJobMain.parse(
                    "--kafka", "k:1", "--redis", "redis://r:1", "--checkpoint-interval", "soon"))
        .hasMessageContaining("--checkpoint-interval must be a duration");
    assertThatThrownBy(
            () ->
                MercatoJobMain.parse(
                    "--kafka", "k:1", "--redis", "redis://r:1", "--state-backend", "disk"))
        .hasMessageContaining("heap or rocksdb");
    assertThatThrownBy(() -> MercatoJobMain.parse("--kafka", "k:1", "--bogus", "1"))
        .hasMessageContaining("unknown option --bogus");
  }
}
