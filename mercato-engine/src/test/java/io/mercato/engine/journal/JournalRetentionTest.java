package io.mercato.engine.journal;

import static io.mercato.engine.journal.JournalTestSupport.START;
import static io.mercato.engine.journal.JournalTestSupport.payload;
import static io.mercato.engine.journal.JournalTestSupport.replayAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.engine.journal.JournalTestSupport.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRetentionTest {

  private static final Duration RETENTION = Duration.ofHours(1);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);

  private Journal open(Duration retention) {
    return Journal.open(
        dir, new JournalConfig(4096, FsyncPolicy.GROUP, Duration.ofMillis(5), retention), clock);
  }

  /** Four 1000-byte records fill one 4096-byte segment. */
  private static void appendSegments(Journal journal, int segments) {
    for (int i = 0; i < segments * 4; i++) {
      journal.append(payload(journal.lastSequence() + 1, 1000));
    }
  }

  @Test
  void coveredSegmentsOlderThanRetentionAreDeleted() {
    try (Journal journal = open(RETENTION)) {
      appendSegments(journal, 3); // segments 1..4, 5..8, current 9..12
      List<Path> before = journal.segments();
      clock.advance(RETENTION);

      assertThat(journal.deleteSegmentsCoveredBy(8)).isEqualTo(2);

      assertThat(journal.segments()).containsExactly(before.get(2));
      assertThat(before.get(0)).doesNotExist();
      assertThat(before.get(1)).doesNotExist();
      assertThat(replayAll(journal, 8))
          .extracting(Entry::sequence)
          .containsExactly(9L, 10L, 11L, 12L);
    }
  }

  @Test
  void uncoveredSegmentsAreKept() {
    try (Journal journal = open(RETENTION)) {
      appendSegments(journal, 3);
      clock.advance(RETENTION.multipliedBy(2));

      assertThat(journal.deleteSegmentsCoveredBy(7)).isEqualTo(1); // 5..8 is not fully covered
      assertThat(journal.deleteSegmentsCoveredBy(3)).isZero();
      assertThat(journal.segments()).hasSize(2);
    }
  }

  @Test
  void youngSegmentsAreKept() {
    try (Journal journal = open(RETENTION)) {
      appendSegments(journal, 2); // 1..4 closed at START
      clock.advance(Duration.ofMinutes(30));
      appendSegments(journal, 1); // 5..8 closed at START + 30 min
      clock.advance(Duration.ofMinutes(40));

      assertThat(journal.deleteSegmentsCoveredBy(journal.lastSequence())).isEqualTo(1);
      assertThat(journal.segments())
          .extracting(p -> p.getFileName().toString())
          .containsExactly("00000000000000000005.log", "00000000000000000009.log");
    }
  }

  @Test
  void currentSegmentIsNeverDeleted() {
    try (Journal journal = open(Duration.ZERO)) {
      appendSegments(journal, 2);

      assertThat(journal.deleteSegmentsCoveredBy(Long.MAX_VALUE)).isEqualTo(1);
      assertThat(journal.deleteSegmentsCoveredBy(Long.MAX_VALUE)).isZero();
      assertThat(journal.segments()).hasSize(1);
      assertThat(journal.segments().get(0)).exists();
      assertThat(journal.append(payload(99, 10))).isEqualTo(9);
    }
  }

  @Test
  void zeroRetentionDeletesAsSoonAsCovered() {
    try (Journal journal = open(Duration.ZERO)) {
      appendSegments(journal, 2);

      assertThat(journal.deleteSegmentsCoveredBy(4)).isEqualTo(1);
    }
  }

  @Test
  void segmentsFoundOnOpenAgeFromTheirLastModifiedTime() throws Exception {
    try (Journal journal = open(RETENTION)) {
      appendSegments(journal, 3);
    }
    Path oldest = dir.resolve("00000000000000000001.log");
    Files.setLastModifiedTime(oldest, FileTime.from(START.minus(RETENTION)));
    Files.setLastModifiedTime(dir.resolve("00000000000000000005.log"), FileTime.from(START));

    try (Journal journal = open(RETENTION)) {
      assertThat(journal.deleteSegmentsCoveredBy(12)).isEqualTo(1);
      assertThat(oldest).doesNotExist();
    }
  }

  @Test
  void replayingRecordsThatWereDeletedIsRejected() {
    try (Journal journal = open(Duration.ZERO)) {
      appendSegments(journal, 3);
      journal.deleteSegmentsCoveredBy(8);

      assertThatThrownBy(() -> replayAll(journal, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("records before 9 were deleted");
    }
  }
}
