package io.mercato.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JournalConfigTest {

  @Test
  void defaultsAre64MibGroupCommitFiveMillisAndOneWeek() {
    JournalConfig config = JournalConfig.defaults();

    assertThat(config.segmentBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.fsync()).isEqualTo(FsyncPolicy.GROUP);
    assertThat(config.fsyncInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.retention()).isEqualTo(Duration.ofHours(168));
  }

  @Test
  void segmentBytesBelow4096AreRejectedWithTheValue() {
    assertThatThrownBy(() -> JournalConfig.defaults().withSegmentBytes(4095))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("journal segment-bytes must be at least 4096 but was 4095");
  }

  @Test
  void nonPositiveFsyncIntervalIsRejected() {
    assertThatThrownBy(
            () -> new JournalConfig(4096, FsyncPolicy.INTERVAL, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fsync-interval must be positive");
  }

  @Test
  void negativeRetentionIsRejected() {
    assertThatThrownBy(() -> JournalConfig.defaults().withRetention(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention must not be negative");
  }

  @Test
  void nullComponentsAreRejected() {
    assertThatThrownBy(() -> JournalConfig.defaults().withFsync(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("fsync policy");
  }
}
