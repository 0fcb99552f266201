package io.mercato.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
  @TempDir Path dir;

  /**
   * Accepts every line except those containing "bad" (rejected as invalid), "late" (rejected as too
   * late), "dup" (a duplicate) or "sampled"; remembers what it saw.
   */
  static final class FakeSink implements EventSink {
    final List<Integer> chunkSizes = new ArrayList<>();
    final List<Rejection> deadLetters = new ArrayList<>();

    @Override
    public BatchOutcome send(Chunk chunk) {
      chunkSizes.add(chunk.count());
      String[] lines = new String(chunk.ndjson()).split("\n");
      List<Rejection> rejected = new ArrayList<>();
      int accepted = 0;
      int duplicates = 0;
      int sampled = 0;
      for (int i = 0; i < chunk.count(); i++) {
        if (lines[i].contains("bad")) {
          rejected.add(
              new Rejection(i, List.of(new FieldError("user_id", "is required")), lines[i]));
        } else if (lines[i].contains("late")) {
          rejected.add(
              new Rejection(
                  i,
                  List.of(new FieldError("timestamp", "is too late")),
                  lines[i],
                  RejectReason.TOO_LATE));
        } else if (lines[i].contains("dup")) {
          duplicates++;
        } else if (lines[i].contains("sampled")) {
          sampled++;
        } else {
          accepted++;
        }
      }
      return new BatchOutcome(accepted, duplicates, sampled, rejected);
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
    new Replayer(new JsonlSource(f), sink, new Pacer(0, clock), 8, 1 << 20, clock)
        .run(summary, ReplayProgress.NONE);

    assertThat(sink.chunkSizes).containsExactly(8, 8, 8, 1);
    assertThat(summary.read()).isEqualTo(25);
    assertThat(summary.accepted()).isEqualTo(23);
    assertThat(summary.rejected()).isEqualTo(2);
    assertThat(summary.reasons()).extracting(ReplaySummary.Reason::line).containsExactly(11L, 21L);
    assertThat(summary.reasons()).extracting(ReplaySummary.Reason::record).containsExactly(9L, 19L);
    assertThat(summary.toText())
        .contains("line 11: invalid: user_id: is required")
        .containsPattern("rejected\\s+2   \\(kept in fake\\)")
        .contains("read 25 = accepted 23 + duplicates 0 + sampled 0 + rejected 2 (invalid 2)");
    assertThat(summary.toJson())
        .contains(
            "\"read\":25",
            "\"accepted\":23",
            "\"rejected\":2",
            "\"balanced\":true",
            "{\"record\":9,\"line\":11,\"reason\":\"invalid\",\"field\":\"user_id\",\"message\":\"is required\"}");
  }

  @Test
  void everyRecordEndsInExactlyOneOutcome() throws IOException, InterruptedException {
    String[] kinds = {"ok", "bad", "late", "dup", "sampled", "ok", "late"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 70; i++) {
      b.append("{\"").append(kinds[i % kinds.length]).append("\":").append(i).append("}\n");
    }
    Path f = Files.writeString(dir.resolve("mixed.jsonl"), b);
    ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
    ReplaySummary summary = new ReplaySummary("mixed.jsonl", "jsonl", "fake");
    new Replayer(new JsonlSource(f), new FakeSink(), new Pacer(0, clock), 9, 1 << 20, clock)
        .run(summary, ReplayProgress.NONE);

    assertThat(summary.accounting().balanced()).isTrue();
    assertThat(summary.accounting().equation())
        .isEqualTo(
            "read 70 = accepted 20 + duplicates 10 + sampled 10 + rejected 30 (invalid 10, too_late 20)");
    assertThat(summary.toText())
        .containsPattern("too_late\\s+20   by field: timestamp 20")
        .containsPattern("sampled\\s+10\n");
    assertThat(summary.toJson())
        .contains(
            "\"sampled\":10",
            "\"rejected_by_reason\":{\"invalid\":{\"total\":10,\"by_field\":{\"user_id\":10}},"
                + "\"too_late\":{\"total\":20,\"by_field\":{\"timestamp\":20}}}");
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
    clock.advance(Duration.ofSeconds(5)); // far behind: 50 events are due
    long before = System.nanoTime();
    pacer.acquire(10);
    pacer.acquire(10);
    assertThat(System.nanoTime() - before).isLessThan(1_000_000_000L);
  }
}
