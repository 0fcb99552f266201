package io.mercato.engine.journal;

import static io.mercato.engine.journal.JournalTestSupport.START;
import static io.mercato.engine.journal.JournalTestSupport.payload;
import static io.mercato.engine.journal.JournalTestSupport.replayAll;
import static io.mercato.engine.journal.JournalTestSupport.smallSegments;
import static io.mercato.engine.journal.JournalTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.engine.journal.JournalTestSupport.Entry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);

  /** Writes records "one", "two", "three" (sequences 1..3) into one segment and returns its path. */
  private Path threeRecords() {
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      journal.append(text("one"));
      journal.append(text("two"));
      journal.append(text("three"));
      return journal.segments().get(0);
    }
  }

  private Journal reopen() {
    return Journal.open(dir, JournalConfig.defaults(), clock);
  }

  @Test
  void cleanJournalReportsNothingTruncated() {
    threeRecords();

    try (Journal journal = reopen()) {
      assertThat(journal.recoveryReport()).isEqualTo(new RecoveryReport(1, 3, 3, 0, null));
      assertThat(journal.recoveryReport().truncated()).isFalse();
    }
  }

  @Test
  void tornTailIsTruncatedOnOpen() throws IOException {
    Path segment = threeRecords();
    long size = Files.size(segment);
    truncate(segment, size - 3); // the last record ("three", 21 bytes) loses 3 payload bytes

    try (Journal journal = reopen()) {
      RecoveryReport report = journal.recoveryReport();
      assertThat(report.lastSequence()).isEqualTo(2);
      assertThat(report.records()).isEqualTo(2);
      assertThat(report.truncatedBytes()).isEqualTo(18);
      assertThat(report.truncationReason())
          .contains("incomplete record payload")
          .contains("offset " + (size - 21))
          .contains(segment.getFileName().toString());
      assertThat(Files.size(segment)).isEqualTo(size - 21);

      assertThat(journal.append(text("three again"))).isEqualTo(3);
      assertThat(replayAll(journal, 0))
          .extracting(Entry::text)
          .containsExactly("one", "two", "three again");
    }
    try (Journal journal = reopen()) {
      assertThat(journal.recoveryReport().truncated()).isFalse();
      assertThat(journal.lastSequence()).isEqualTo(3);
    }
  }

  @Test
  void tornRecordHeaderIsTruncatedOnOpen() throws IOException {
    Path segment = threeRecords();
    long size = Files.size(segment);
    truncate(segment, size - 21 + 10); // only 10 of the 16 header bytes of record 3 survive

    try (Journal journal = reopen()) {
      assertThat(journal.lastSequence()).isEqualTo(2);
      assertThat(journal.recoveryReport().truncationReason()).contains("incomplete record header");
    }
  }

  @Test
  void checksumMismatchInTheLastRecordIsTruncatedThere() throws IOException {
    Path segment = threeRecords();
    long size = Files.size(segment);
    flipByte(segment, size - 1); // last payload byte of "three"

    try (Journal journal = reopen()) {
      RecoveryReport report = journal.recoveryReport();
      assertThat(report.lastSequence()).isEqualTo(2);
      assertThat(report.truncatedBytes()).isEqualTo(21);
      assertThat(report.truncationReason())
          .contains("checksum mismatch")
          .contains("offset " + (size - 21));
      assertThat(replayAll(journal, 0)).extracting(Entry::text).containsExactly("one", "two");
    }
  }

  @Test
  void garbageLengthInTheTailIsTruncated() throws IOException {
    Path segment = threeRecords();
    long size = Files.size(segment);
    byte[] garbage = new byte[40];
    Arrays.fill(garbage, (byte) 0xFF);
    Files.write(segment, garbage, StandardOpenOption.APPEND);

    try (Journal journal = reopen()) {
      assertThat(journal.lastSequence()).isEqualTo(3);
      assertThat(journal.recoveryReport().truncationReason()).contains("invalid record length -1");
      assertThat(journal.recoveryReport().truncatedBytes()).isEqualTo(40);
      assertThat(Files.size(segment)).isEqualTo(size);
    }
  }

  @Test
  void zeroFilledTailAfterPowerLossIsTruncated() throws IOException {
    Path segment = threeRecords();
    Files.write(segment, new byte[4096], StandardOpenOption.APPEND);

    try (Journal journal = reopen()) {
      assertThat(journal.lastSequence()).isEqualTo(3);
      assertThat(journal.recoveryReport().truncationReason()).contains("invalid record length 0");
    }
  }

  @Test
  void corruptionInANonLastSegmentFailsOpenNamingTheFileAndOffset() throws IOException {
    List<Path> segments;
    try (Journal journal = Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock)) {
      for (int i = 1; i <= 12; i++) {
        journal.append(payload(i, 1000));
      }
      segments = journal.segments();
    }
    assertThat(segments).hasSizeGreaterThan(2);
    long secondRecord = 8 + 16 + 1000;
    flipByte(segments.get(0), secondRecord + 16 + 500);

    assertThatThrownBy(this::reopenSmall)
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(segments.get(0).toString())
        .hasMessageContaining("byte offset " + secondRecord)
        .hasMessageContaining("checksum mismatch")
        .satisfies(
            e -> {
              JournalCorruptedException corrupted = (JournalCorruptedException) e;
              assertThat(corrupted.file()).isEqualTo(segments.get(0));
              assertThat(corrupted.offset()).isEqualTo(secondRecord);
            });
    assertThat(Files.size(segments.get(0)))
        .as("acknowledged data is never truncated")
        .isGreaterThan(secondRecord);
  }

  @Test
  void missingMiddleSegmentIsCorruption() throws IOException {
    List<Path> segments;
    try (Journal journal = Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock)) {
      for (int i = 1; i <= 12; i++) {
        journal.append(payload(i, 1000));
      }
      segments = journal.segments();
    }
    Files.delete(segments.get(1));

    assertThatThrownBy(this::reopenSmall)
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(segments.get(2).toString())
        .hasMessageContaining("previous segment ends at sequence");
  }

  @Test
  void halfCreatedLastSegmentIsDeleted() throws IOException {
    threeRecords();
    Path halfCreated = dir.resolve("00000000000000000004.log");
    Files.write(halfCreated, new byte[] {'M', 'J', 'N'});

    try (Journal journal = reopen()) {
      RecoveryReport report = journal.recoveryReport();
      assertThat(report.segments()).isEqualTo(1);
      assertThat(report.lastSequence()).isEqualTo(3);
      assertThat(report.truncatedBytes()).isEqualTo(3);
      assertThat(report.truncationReason())
          .contains("half-created")
          .contains("00000000000000000004.log");

      assertThat(journal.append(text("four"))).isEqualTo(4);
      assertThat(journal.segments()).hasSize(1);
    }
  }

  @Test
  void halfCreatedOnlySegmentStillContinuesTheNumbering() throws IOException {
    Files.write(dir.resolve("00000000000000000101.log"), new byte[0]);

    try (Journal journal = reopen()) {
      assertThat(journal.lastSequence()).isEqualTo(100);
      assertThat(journal.append(text("x"))).isEqualTo(101);
      assertThat(journal.segments()).containsExactly(dir.resolve("00000000000000000101.log"));
    }
  }

  @Test
  void garbageHeaderOverRealDataIsCorruption() throws IOException {
    Path segment = threeRecords();
    flipByte(segment, 0);

    assertThatThrownBy(this::reopen)
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(segment.toString())
        .hasMessageContaining("byte offset 0")
        .hasMessageContaining("bad magic");
  }

  @Test
  void tornFirstRecordOfTheLastSegmentKeepsItsName() throws IOException {
    List<Path> segments;
    long last;
    try (Journal journal = Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock)) {
      for (int i = 1; i <= 5; i++) {
        journal.append(payload(i, 1000));
      }
      segments = journal.segments();
      last = journal.lastSequence();
    }
    assertThat(segments).hasSize(2);
    Path tail = segments.get(1);
    long firstOfTail = RecordFormat.firstSequenceOf(tail);
    assertThat(firstOfTail).isEqualTo(last); // one record in the tail segment
    truncate(tail, 8 + 5);

    try (Journal journal = reopenSmall()) {
      assertThat(journal.lastSequence()).isEqualTo(last - 1);
      assertThat(journal.append(payload(99, 10))).isEqualTo(last);
      assertThat(journal.segments()).isEqualTo(segments);
    }
    try (Journal journal = reopenSmall()) {
      assertThat(journal.recoveryReport().truncated()).isFalse();
      assertThat(replayAll(journal, 0))
          .extracting(Entry::sequence)
          .containsExactly(1L, 2L, 3L, 4L, 5L);
    }
  }

  private Journal reopenSmall() {
    return Journal.open(dir, smallSegments(FsyncPolicy.GROUP), clock);
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x01);
    }
  }
}
