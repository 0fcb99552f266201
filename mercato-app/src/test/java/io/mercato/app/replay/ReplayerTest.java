package io.mercato.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.Rejection;
import io.mercato.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
  @TempDir
  Path dir;

  /** Accepts every line except those containing "bad", which it rejects; remembers what it saw. */
  static final class FakeSink implements EventSink {
    final List<Integer> chunkSizes = new ArrayList<>();
    final List<Rejection> deadLetters = new ArrayList<>();

    @Override
    public BatchOutcome send(Chunk chunk) {
      chunkSizes.add(chunk.count());
      String[] lines = new String(chunk.ndjson()).split("\n");
      List<Rejection> rejected = new ArrayList<>();
      int accepted = 0;
      for (int i = 0; i < chunk.count(); i++) {
        if (lines[i].contains("bad")) {
          rejected.add(new Rejection(i, List.of(new FieldError("user_id", "is required")), lines[i]));
        } else {
          accepted++;
        }
      }
      return new BatchOutcome(accepted, 0, rejected);
    }

    @Override
    public void deadLetter(List<Rejection> rejections) {
      deadLetters.addAll(rejections);
    }

    @Override
    public String deadLetterLocation() {
      return "fake";
    }

    @Override
    public void close() {}
  }

  @Test
  void countsEveryRecordAndLocatesRejectionsByLine() throws IOException, InterruptedException {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 25; i++) {
      b.append(i % 10 == 0 ? "{\"bad\":" + i + "}" : "{\"ok\":" + i + "}").append('\n');
      if (i == 5) {
        b.append('\n'); // a blank line shifts line numbers after it
      }
    }
    Path f = Files.writeString(dir.resolve("e.jsonl"), b);
    FakeSink sink = new FakeSink();
    ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
    ReplaySummary summary = new ReplaySummary("e.jsonl", "jsonl", "fake");
    new Replayer(new JsonlSource(f), sink, new Pacer(0, clock), 8, 1 << 20, clock).run(summary, ReplayProgress.NONE);

    assertThat(sink.chunkSizes).containsExactly(8, 8, 8, 1);
    assertThat(summary.read()).isEqualTo(25);
    assertThat(summary.accepted()).isEqualTo(23);
    assertThat(summary.rejected()).isEqualTo(2);
    assertThat(summary.reasons()).extracting(ReplaySummary.Reason::line).containsExactly(11L, 21L);
    assertThat(summary.reasons()).extracting(ReplaySummary.Reason::record).containsExactly(9L, 19L);
    assertThat(summary.toText()).contains("line 11: user_id: is required").containsPattern("rejected\\s+2   \\(kept in fake\\)");
    assertThat(summary.toJson()).contains("\"read\":25", "\"accepted\":23", "\"rejected\":2",
        "{\"record\":9,\"line\":11,\"field\":\"user_id\",\"message\":\"is required\"}");
  }

  @Test
  void pacerSmoothsChunksToTheRate() {
    ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
    assertThat(new Pacer(0, clock).chunkSize(500)).isEqualTo(500);
    assertThat(new Pacer(100, clock).chunkSize(500)).isEqualTo(10);
    assertThat(new Pacer(3, clock).chunkSize(500)).isEqualTo(1);
    assertThat(new Pacer(1e6, clock).chunkSize(500)).isEqualTo(500);
  }

  @Test
  void pacerDoesNotWaitWhenBehindSchedule() throws InterruptedException {
    ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
    Pacer pacer = new Pacer(10, clock);
    pacer.acquire(10);
    clock.advance(java.time.Duration.ofSeconds(5)); // far behind: 50 events are due
    long before = System.nanoTime();
    pacer.acquire(10);
    pacer.acquire(10);
    assertThat(System.nanoTime() - before).isLessThan(1_000_000_000L);
  }
}
