package io.mercato.flink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.time.Windows;
import io.mercato.testkit.EventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class EventWatermarksTest {
  static final Windows WINDOWS = new Windows(List.of("1m", "1h"), Duration.ofMinutes(5));

  /** Records emitted watermarks; the last one is the current watermark. */
  static final class Recorder implements WatermarkOutput {
    final List<Long> marks = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark w) {
      marks.add(w.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    long current() {
      return marks.isEmpty() ? Long.MIN_VALUE : marks.get(marks.size() - 1);
    }
  }

  @Test
  void watermarkIsNewestMinusLatenessMinusOneAndOnlyAdvances() {
    EventWatermarks.Generator g = new EventWatermarks.Generator(WINDOWS.latenessMillis());
    Recorder out = new Recorder();
    g.onEvent(null, 1_000_000, out);
    g.onEvent(null, 900_000, out); // older: no watermark
    g.onEvent(null, 1_000_000, out); // equal: no watermark
    g.onEvent(null, 1_200_000, out);
    assertThat(out.marks).containsExactly(1_000_000 - 300_000 - 1L, 1_200_000 - 300_000 - 1L);
    assertThat(EventWatermarks.newestOf(out.current(), WINDOWS.latenessMillis()))
        .isEqualTo(1_200_000);
  }

  @Test
  void nothingIsTooLateBeforeTheFirstWatermarkAndTheEndOfInputDoesNotOverflow() {
    assertThat(EventWatermarks.newestOf(Long.MIN_VALUE, 300_000)).isEqualTo(Long.MIN_VALUE);
    assertThat(EventWatermarks.newestOf(Long.MAX_VALUE, 300_000)).isEqualTo(Long.MAX_VALUE);
    assertThat(WINDOWS.tooLate(0, EventWatermarks.newestOf(Long.MIN_VALUE, 300_000))).isFalse();
  }

  /**
   * The rule the job applies (watermark after the previous events) decides like the embedded engine
   * (newest accepted event time), for a random stream with out-of-order and very late events.
   */
  @Test
  void tooLateThroughTheWatermarkEqualsTheEmbeddedRule() {
    SplittableRandom r = new SplittableRandom(7);
    EventWatermarks.Generator g = new EventWatermarks.Generator(WINDOWS.latenessMillis());
    Recorder out = new Recorder();
    long newestAccepted = Long.MIN_VALUE;
    long t = 1_000_000_000L;
    int late = 0;
    for (int i = 0; i < 100_000; i++) {
      t += r.nextInt(5_000);
      long ts =
          switch (r.nextInt(20)) {
            case 0 ->
                t - r.nextLong(2 * (WINDOWS.longest().lengthMillis() + WINDOWS.latenessMillis()));
            case 1 -> t - r.nextLong(WINDOWS.latenessMillis() + 1);
            default -> t;
          };
      boolean engine = WINDOWS.tooLate(ts, newestAccepted);
      boolean job =
          WINDOWS.tooLate(ts, EventWatermarks.newestOf(out.current(), WINDOWS.latenessMillis()));
      assertThat(job).as("event %d at %d", i, ts).isEqualTo(engine);
      if (!engine) {
        newestAccepted = Math.max(newestAccepted, ts);
      } else {
        late++;
      }
      g.onEvent(null, ts, out); // the job's watermark sees every parsed event, rejected ones too
    }
    assertThat(late).isGreaterThan(1_000);
  }

  @Test
  void deadLetterOfATooLateEventCarriesTheEventTheReasonAndTheSource() {
    Event e =
        EventBuilder.click().id("e-9").user("u-1").item("p-1").at("2026-11-24T10:00:00Z").build();
    String letter =
        DeadLetters.tooLate(
            "kafka:mercato.events", e, WINDOWS, Instant.parse("2026-11-24T12:00:00Z"));
    assertThat(letter)
        .startsWith(
            "{\"rejected_at\":\"2026-11-24T12:00:00Z\",\"source\":\"kafka:mercato.events\","
                + "\"reason\":\"too_late\",\"index\":0,\"errors\":[{\"field\":\"timestamp\",\"message\":\"is too late:")
        .contains("longest window (1h)", "allowed lateness (5m)")
        .contains("\"raw\":\"{\\\"event_id\\\":\\\"e-9\\\",\\\"type\\\":\\\"click\\\"");
  }
}
