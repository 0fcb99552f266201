package io.mercato.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import io.mercato.core.event.ReadResult;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelinessAndTooLateTest {
  private static final long MIN = 60_000L;
  private final Windows windows = new Windows(List.of("1m", "1h"), Duration.ofMinutes(10));
  private final long newest = 1_800_000_000_000L;

  @Test
  void classifiesAgainstTheNewestEventTime() {
    assertThat(Timeliness.of(newest, Long.MIN_VALUE, windows)).isEqualTo(Timeliness.ON_TIME);
    assertThat(Timeliness.of(newest + 1, newest, windows)).isEqualTo(Timeliness.ON_TIME);
    assertThat(Timeliness.of(newest, newest, windows)).isEqualTo(Timeliness.ON_TIME);
    assertThat(Timeliness.of(newest - 10 * MIN, newest, windows)).isEqualTo(Timeliness.LATE);
    assertThat(Timeliness.of(newest - 10 * MIN - 1, newest, windows))
        .isEqualTo(Timeliness.VERY_LATE);
    assertThat(Timeliness.of(newest - 70 * MIN, newest, windows)).isEqualTo(Timeliness.VERY_LATE);
    assertThat(Timeliness.of(newest - 70 * MIN - 1, newest, windows))
        .isEqualTo(Timeliness.TOO_LATE);
    assertThat(Timeliness.VERY_LATE.code()).isEqualTo("very_late");
  }

  private static Event event(String id, long t) {
    return new Event(id, false, "view", "u-1", null, null, null, null, null, t, Map.of());
  }

  @Test
  void tooLateEventsJoinTheInvalidOnesAtTheirBatchIndex() {
    // batch: 0 valid, 1 invalid, 2 valid (too late), 3 invalid, 4 valid (too late)
    Rejection bad1 = new Rejection(1, List.of(new FieldError("user_id", "is required")), "{}");
    Rejection bad3 = new Rejection(3, List.of(new FieldError("type", "is required")), "{}");
    ReadResult batch =
        new ReadResult(
            List.of(event("a", newest), event("b", 0), event("c", 1)), List.of(bad1, bad3), 5);
    List<Rejection> all = TooLate.withTooLate(batch, List.of(1, 2), windows);
    assertThat(all).extracting(Rejection::index).containsExactly(1, 2, 3, 4);
    assertThat(all)
        .extracting(Rejection::reason)
        .containsExactly(
            RejectReason.INVALID,
            RejectReason.TOO_LATE,
            RejectReason.INVALID,
            RejectReason.TOO_LATE);
    assertThat(all.get(1).errors())
        .containsExactly(
            new FieldError(
                "timestamp",
                "is too late: older than the newest event time minus the longest window (1h) and the allowed lateness (10m)"));
    assertThat(all.get(1).raw()).contains("\"event_id\":\"b\"");
    assertThat(TooLate.withTooLate(batch, List.of(), windows)).isEqualTo(batch.rejected());
  }
}
