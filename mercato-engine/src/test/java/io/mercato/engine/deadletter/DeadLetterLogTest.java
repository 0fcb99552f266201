package io.mercato.engine.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.DeadLetterBudget;
import io.mercato.core.event.Rejection;
import io.mercato.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterLogTest {
  private static final List<FieldError> NO_USER = List.of(new FieldError("user_id", "is required"));
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.at("2026-11-24T12:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void aFullStoreDropsNewDeadLettersAndKeepsTheOldOnes() throws Exception {
    DeadLetterLog log =
        new DeadLetterLog(dir, clock, meters, new DeadLetterConfig(1 << 20, Duration.ofDays(7)));
    String raw = "{\"type\":\"view\",\"pad\":\"" + "x".repeat(900) + "\"}";
    int batches = 0;
    while (meters.counter("mercato.dead.letters.dropped").count() == 0) {
      log.record("http", batch(100, raw));
      batches++;
    }
    long held = Files.size(log.fileFor(LocalDate.of(2026, 11, 24)));
    assertThat(held).isEqualTo(log.bytes()).isLessThanOrEqualTo(1 << 20);
    assertThat(log.records())
        .isEqualTo(Files.readAllLines(log.fileFor(LocalDate.of(2026, 11, 24))).size());
    assertThat(meters.counter("mercato.events.rejected").count()).isEqualTo(100.0 * batches);
    assertThat(meters.counter("mercato.dead.letters.dropped").count() + log.records())
        .isEqualTo(100.0 * batches);
    assertThat(meters.get("mercato.dead.letters.bytes").gauge().value()).isEqualTo(held);
    assertThat(Files.readAllLines(log.fileFor(LocalDate.of(2026, 11, 24))).get(0))
        .contains("\"index\":0");

    // a restart counts what the files hold
    DeadLetterLog reopened =
        new DeadLetterLog(
            dir,
            clock,
            new SimpleMeterRegistry(),
            new DeadLetterConfig(1 << 20, Duration.ofDays(7)));
    assertThat(reopened.bytes()).isEqualTo(held);
    assertThat(reopened.records()).isEqualTo(log.records());
  }

  @Test
  void filesOfDaysPastTheRetentionAreDeletedAtTheNextDay() throws Exception {
    DeadLetterLog log =
        new DeadLetterLog(dir, clock, meters, new DeadLetterConfig(1 << 20, Duration.ofDays(2)));
    log.record("http", batch(3, "{}"));
    Path first = log.fileFor(LocalDate.of(2026, 11, 24));
    assertThat(first).exists();

    clock.advance(Duration.ofDays(2)); // 26th, noon: the 24th ended 1.5 days ago
    log.record("http", batch(1, "{}"));
    assertThat(first).exists();
    clock.advance(Duration.ofDays(1)); // 27th: the 24th ended 2.5 days ago
    log.record("http", batch(1, "{}"));
    assertThat(first).doesNotExist();
    assertThat(log.records()).isEqualTo(2);
  }

  @Test
  void aBatchOfTinyRecordsWritesAtMostTwiceItsTextPlusTheAllowance() throws Exception {
    DeadLetterLog log = new DeadLetterLog(dir, clock, meters);
    log.record("http", batch(200_000, "{}"));

    long written = Files.size(log.fileFor(LocalDate.of(2026, 11, 24)));
    // estimates count UTF-16 units of JSON-escaped text: allow the summary line and escaping on top
    assertThat(written).isLessThan(DeadLetterBudget.budget(2L * 200_000, 200_000) + 4 * 1024);
    assertThat(meters.counter("mercato.events.rejected").count()).isEqualTo(200_000.0);
    assertThat(meters.counter("mercato.dead.letters.summarised").count()).isPositive();
    List<String> lines = Files.readAllLines(log.fileFor(LocalDate.of(2026, 11, 24)));
    assertThat(lines.get(lines.size() - 1))
        .contains("\"field\":\"dead_letter\"", "more rejected records of this batch");
    assertThat((long) meters.counter("mercato.dead.letters.summarised").count() + lines.size() - 1)
        .isEqualTo(200_000);
  }

  @Test
  void rawTextIsCutAt16KiBAndMarked() throws Exception {
    DeadLetterLog log = new DeadLetterLog(dir, clock, meters);
    log.record("http", List.of(new Rejection(0, NO_USER, "y".repeat(40_000))));
    String line = Files.readAllLines(log.fileFor(LocalDate.of(2026, 11, 24))).get(0);
    assertThat(line)
        .contains("\"raw_truncated\":true")
        .contains("y".repeat(16 * 1024))
        .doesNotContain("y".repeat(16 * 1024 + 1));
  }

  @Test
  void recentGivesTheNewestWholeLinesNewestFirstAcrossDays() throws Exception {
    DeadLetterLog log = new DeadLetterLog(dir, clock, meters);
    log.record("http", batch(3, "{\"day\":1}"));
    clock.advance(Duration.ofDays(1));
    log.record("replay:x.csv", batch(2, "{\"day\":2}"));

    List<String> two = log.recent(2);
    assertThat(two).hasSize(2);
    assertThat(two.get(0)).contains("\"index\":1", "replay:x.csv");
    assertThat(two.get(1)).contains("\"index\":0", "replay:x.csv");
    List<String> all = log.recent(10);
    assertThat(all).hasSize(5);
    assertThat(all.get(2)).contains("\"index\":2", "\"source\":\"http\"");
    assertThat(all).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
  }

  @Test
  void recentOfATailLongerThanItReadsDropsTheCutLine() throws Exception {
    DeadLetterLog log = new DeadLetterLog(dir, clock, meters);
    String raw = "{\"pad\":\"" + "x".repeat(10_000) + "\"}";
    int n = DeadLetterLog.RECENT_READ_BYTES / 10_000 + 50; // more than one read holds
    for (int i = 0; i < n; i += 100) {
      log.record("http", batch(Math.min(100, n - i), raw));
    }
    List<String> lines = log.recent(100_000);
    assertThat(lines).isNotEmpty().hasSizeLessThan((int) log.records());
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"rejected_at\"").endsWith("}"));
  }

  private static List<Rejection> batch(int n, String raw) {
    List<Rejection> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Rejection(i, NO_USER, raw));
    }
    return out;
  }
}
