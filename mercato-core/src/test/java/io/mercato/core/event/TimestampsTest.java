package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void fastPathAgreesWithJavaTimeOnRandomInstants() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long millis = rnd.nextLong(0, 4_102_444_800_000L); // 1970..2100
      Instant t = Instant.ofEpochMilli(millis);
      String iso = DateTimeFormatter.ISO_INSTANT.format(t);
      assertThat(Timestamps.parseUtcFast(iso)).as(iso).isEqualTo(millis);
    }
  }

  @Test
  void offsetsAreConvertedToUtc() {
    assertThat(Timestamps.parseIso("2026-11-24T13:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-24T12:00:00Z").toEpochMilli());
  }

  @Test
  void subMillisecondDigitsAreTruncated() {
    assertThat(Timestamps.parseIso("2026-11-24T12:00:00.123456789Z"))
        .isEqualTo(Instant.parse("2026-11-24T12:00:00.123Z").toEpochMilli());
  }

  @Test
  void invalidCalendarDatesAreRejected() {
    assertThatThrownBy(() -> Timestamps.parseIso("2026-02-30T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Timestamps.parseIso("2026-11-24T24:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zonelessDateTimeIsRejectedWithAHint() {
    assertThatThrownBy(() -> Timestamps.parseIso("2026-11-24T12:00:00"))
        .hasMessageContaining("zone offset");
  }

  @Test
  void isoYearsWhoseInstantDoesNotFitEpochMillisAreOutOfRange() {
    for (String text :
        new String[] {
          "+999999999-12-31T23:59:59Z",
          "-999999999-01-01T00:00:00Z",
          "+300000000-01-01T00:00:00+01:00"
        }) {
      Assertions.assertThatThrownBy(() -> Timestamps.parseIso(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "is out of range: \"" + text + "\" cannot be represented in epoch milliseconds");
    }
  }
}
