package io.mercato.engine.journal;

import static io.mercato.engine.journal.JournalTestSupport.START;
import static io.mercato.engine.journal.JournalTestSupport.payload;
import static io.mercato.engine.journal.JournalTestSupport.replayAll;
import static io.mercato.engine.journal.JournalTestSupport.smallSegments;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.engine.journal.JournalTestSupport.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSegmentTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);

  @Test
  void smallSegmentBytesRollIntoSegmentsNamedAfterTheirFirstSequence() throws Exception {
    try (Journal journal = Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock)) {
      // 8-byte header + 4 records of 16 + 1000 bytes = 4072 <= 4096; a fifth would not fit.
      for (int i = 1; i <= 10; i++) {
        journal.append(payload(i, 1000));
      }

      assertThat(journal.segments())
          .extracting(p -> p.getFileName().toString())
          .containsExactly(
              "00000000000000000001.log", "00000000000000000005.log", "00000000000000000009.log");
      for (Path segment : journal.segments()) {
        assertThat(Files.size(segment)).isLessThanOrEqualTo(4096);
      }
      assertReplaysOneToTen(replayAll(journal, 0));
      assertThat(replayAll(journal, 4))
          .extracting(Entry::sequence)
          .containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    }
    try (Journal reopened = Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock)) {
      assertThat(reopened.recoveryReport().segments()).isEqualTo(3);
      assertReplaysOneToTen(replayAll(reopened, 0));
      assertThat(reopened.append(payload(11, 1000))).isEqualTo(11);
      assertThat(reopened.segments()).hasSize(3); // 9..11 still fit the current segment
    }
  }

  private static void assertReplaysOneToTen(List<Entry> entries) {
    assertThat(entries)
        .extracting(Entry::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    for (Entry entry : entries) {
      assertThat(entry.payload()).isEqualTo(payload(entry.sequence(), 1000));
    }
  }

  @Test
  void recordLargerThanASegmentGetsASegmentOfItsOwn() {
    try (Journal journal = Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock)) {
      journal.append(payload(1, 10));
      journal.append(payload(2, 10_000));
      journal.append(payload(3, 10));

      assertThat(journal.segments())
          .extracting(p -> p.getFileName().toString())
          .containsExactly(
              "00000000000000000001.log", "00000000000000000002.log", "00000000000000000003.log");
      assertThat(replayAll(journal, 1))
          .extracting(e -> e.payload().length)
          .containsExactly(10_000, 10);
    }
  }
}
