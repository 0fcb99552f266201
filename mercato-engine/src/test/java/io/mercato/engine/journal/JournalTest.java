package io.mercato.engine.journal;

import static io.mercato.engine.journal.JournalTestSupport.START;
import static io.mercato.engine.journal.JournalTestSupport.payload;
import static io.mercato.engine.journal.JournalTestSupport.replayAll;
import static io.mercato.engine.journal.JournalTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.engine.journal.JournalTestSupport.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);

  @Test
  void roundTripRestoresEveryRecordAndTheLastSequence() {
    int[] sizes = {1, 7, 100, 4096, 65_536, 3, 1_500_000, 12};
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      for (int i = 0; i < sizes.length; i++) {
        assertThat(journal.append(payload(i + 1, sizes[i]))).isEqualTo(i + 1);
      }
    }

    try (Journal reopened = Journal.open(dir, JournalConfig.defaults(), clock)) {
      assertThat(reopened.lastSequence()).isEqualTo(sizes.length);
      assertThat(reopened.recoveryReport())
          .isEqualTo(new RecoveryReport(1, sizes.length, sizes.length, 0, null));
      List<Entry> entries = replayAll(reopened, 0);
      assertThat(entries).hasSize(sizes.length);
      for (int i = 0; i < sizes.length; i++) {
        assertThat(entries.get(i).sequence()).isEqualTo(i + 1);
        assertThat(entries.get(i).payload()).isEqualTo(payload(i + 1, sizes[i]));
      }
      assertThat(reopened.append(text("next"))).isEqualTo(sizes.length + 1);
    }
  }

  @Test
  void replayAfterSequenceSkipsEarlierRecords() {
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      for (int i = 1; i <= 10; i++) {
        journal.append(text("r" + i));
      }

      assertThat(replayAll(journal, 7)).extracting(Entry::text).containsExactly("r8", "r9", "r10");
      assertThat(replayAll(journal, 10)).isEmpty();
    }
  }

  @Test
  void replaySeesRecordsStillInTheBuffer() {
    try (Journal journal =
        Journal.open(dir, JournalConfig.defaults().withFsync(FsyncPolicy.NEVER), clock)) {
      journal.append(text("buffered"));

      assertThat(replayAll(journal, 0)).extracting(Entry::text).containsExactly("buffered");
    }
  }

  @Test
  void replayLeavesOutRecordsAppendedDuringTheReplay() {
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      journal.append(text("a"));
      journal.append(text("b"));
      List<Long> seen = new ArrayList<>();

      journal.replay(
          0,
          (sequence, payload) -> {
            seen.add(sequence);
            journal.append(text("appended during replay"));
          });

      assertThat(seen).containsExactly(1L, 2L);
      assertThat(journal.lastSequence()).isEqualTo(4);
    }
  }

  @Test
  void appendAfterCloseThrows() {
    Journal journal = Journal.open(dir, JournalConfig.defaults(), clock);
    journal.append(text("x"));
    journal.close();

    assertThatThrownBy(() -> journal.append(text("y")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal is closed");
  }

  @Test
  void closeIsIdempotent() {
    Journal journal = Journal.open(dir, JournalConfig.defaults(), clock);
    journal.append(text("x"));
    journal.close();
    journal.close();

    try (Journal reopened = Journal.open(dir, JournalConfig.defaults(), clock)) {
      assertThat(reopened.lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void emptyAndOversizedPayloadsAreRejected() {
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      assertThatThrownBy(() -> journal.append(new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but was 0");
      assertThatThrownBy(() -> journal.append(new byte[16 * 1024 * 1024 + 1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but was 16777217");
      assertThat(journal.lastSequence()).isZero();
    }
  }

  @Test
  void maximumPayloadRoundTrips() {
    byte[] big = payload(1, 16 * 1024 * 1024);
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      journal.append(big);
    }
    try (Journal reopened = Journal.open(dir, JournalConfig.defaults(), clock)) {
      assertThat(replayAll(reopened, 0))
          .singleElement()
          .satisfies(e -> assertThat(e.payload()).isEqualTo(big));
    }
  }

  @Test
  void concurrentAppendsGetContiguousUniqueSequences() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    Set<Long> sequences = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Journal journal =
        Journal.open(dir, JournalConfig.defaults().withSegmentBytes(64 * 1024), clock)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    long sequence = journal.append(text(thread + ":" + i));
                    assertThat(sequences.add(sequence)).isTrue();
                  }
                  journal.awaitDurable(journal.lastSequence()).get(30, TimeUnit.SECONDS);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }

      int total = threads * perThread;
      assertThat(sequences).hasSize(total);
      assertThat(sequences.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(1);
      assertThat(sequences.stream().mapToLong(Long::longValue).max().orElseThrow())
          .isEqualTo(total);
      List<Entry> replayed = replayAll(journal, 0);
      assertThat(replayed).extracting(Entry::sequence).doesNotHaveDuplicates().hasSize(total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void secondJournalOnTheSameDirectoryIsRefused() {
    try (Journal journal = Journal.open(dir, JournalConfig.defaults(), clock)) {
      assertThatThrownBy(() -> Journal.open(dir, JournalConfig.defaults(), clock))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open");
    }
  }
}
