package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JournalGrowthTest {
  private final SnapshotConfig config = new SnapshotConfig(Duration.ofMinutes(5), 2, 10, 1_000);

  @Test
  void isDueOnceRecordsOrBytesReachTheLimitCountingTheReplayedTail() {
    JournalGrowth g = new JournalGrowth(config, 8, 100); // the tail replayed at startup counts
    assertThat(g.add(1, 50)).isFalse();
    assertThat(g.add(1, 50)).isTrue();
    g.reset();
    assertThat(g.due()).isFalse();
    assertThat(g.add(2, 1_000)).isTrue();
  }

  @Test
  void aBatchThatAppendedNothingNeverAsksForASnapshot() {
    JournalGrowth g = new JournalGrowth(config, 50, 0);
    assertThat(g.due()).isTrue();
    assertThat(g.add(0, 0)).isFalse();
  }
}
