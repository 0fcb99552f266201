package io.mercato.engine.journal;

import static io.mercato.engine.journal.JournalTestSupport.START;
import static io.mercato.engine.journal.JournalTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JournalDurabilityTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);

  private static JournalConfig config(FsyncPolicy policy) {
    return new JournalConfig(64 * 1024, policy, Duration.ofMillis(5), Duration.ZERO);
  }

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void awaitDurableCompletesUnderEveryPolicy(FsyncPolicy policy) throws Exception {
    try (Journal journal = Journal.open(dir, config(policy), clock)) {
      long last = 0;
      for (int i = 0; i < 500; i++) {
        last = journal.append(text("event " + i));
      }

      journal.awaitDurable(last).get(30, TimeUnit.SECONDS);

      assertThat(journal.durableSequence()).isGreaterThanOrEqualTo(last);
      assertThat(journal.awaitDurable(last)).isCompleted();
      assertThat(journal.awaitDurable(0)).isCompleted();
    }
  }

  @Test
  void groupCommitCompletesEveryWaiterOfABatch() throws Exception {
    AtomicInteger fsyncs = new AtomicInteger();
    try (Journal journal =
        Journal.open(
            dir,
            config(FsyncPolicy.GROUP),
            clock,
            channel -> {
              fsyncs.incrementAndGet();
              channel.force(false);
            })) {
      CompletableFuture<?>[] futures = new CompletableFuture<?>[200];
      for (int i = 0; i < futures.length; i++) {
        futures[i] = journal.awaitDurable(journal.append(text("e" + i)));
      }

      CompletableFuture.allOf(futures).get(30, TimeUnit.SECONDS);

      assertThat(journal.durableSequence()).isEqualTo(200);
      assertThat(fsyncs.get()).isBetween(1, 200);
    }
  }

  @Test
  void closeMakesPendingRecordsDurable() throws Exception {
    Journal journal = Journal.open(dir, config(FsyncPolicy.NEVER), clock);
    long sequence = journal.append(text("x"));
    CompletableFuture<Void> durable = journal.awaitDurable(sequence);

    journal.close();

    durable.get(30, TimeUnit.SECONDS);
    assertThat(journal.durableSequence()).isEqualTo(sequence);
    assertThat(journal.awaitDurable(sequence)).isCompleted();
  }

  @Test
  void failedFsyncFailsWaitersAndEveryLaterAppend() {
    Syncer broken =
        channel -> {
          throw new IOException("injected fsync failure");
        };
    try (Journal journal = Journal.open(dir, config(FsyncPolicy.GROUP), clock, broken)) {
      long sequence = journal.append(text("x"));

      assertThatThrownBy(() -> journal.awaitDurable(sequence).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(JournalFailedException.class)
          .hasRootCauseMessage("injected fsync failure");
      assertThat(journal.durableSequence()).isZero();
      assertThatThrownBy(() -> journal.append(text("y")))
          .isInstanceOf(JournalFailedException.class)
          .hasMessageContaining("has failed");
      assertThat(journal.awaitDurable(sequence)).isCompletedExceptionally();
    }
  }

  @Test
  void awaitingASequenceNotYetAppendedIsRejected() {
    try (Journal journal = Journal.open(dir, config(FsyncPolicy.GROUP), clock)) {
      journal.append(text("x"));

      assertThatThrownBy(() -> journal.awaitDurable(2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("last appended sequence 1");
    }
  }
}
