package io.mercato.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsAndSizesTest {

  @Test
  void parsesHumanAndIsoDurations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.parse(" 7d ")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
  }

  @Test
  void refusesDurationsWithoutAUnit() {
    for (String bad : new String[] {"10", "", "5 minutes", "1.5s", "-5s", "P", "PTxS"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .hasMessageContaining("expected a duration");
    }
  }

  @Test
  void formatsDurationsInTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofMillis(5))).isEqualTo("5ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofHours(168))).isEqualTo("7d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofNanos(1))).isEqualTo("PT0.000000001S");
    for (Duration d :
        new Duration[] {Duration.ofMillis(5), Duration.ofMinutes(61), Duration.ofDays(3)}) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }

  @Test
  void parsesSizes() {
    assertThat(Sizes.parse("1048576")).isEqualTo(1L << 20);
    assertThat(Sizes.parse("512KiB")).isEqualTo(512L << 10);
    assertThat(Sizes.parse("64MiB")).isEqualTo(64L << 20);
    assertThat(Sizes.parse("2 GiB")).isEqualTo(2L << 30);
    assertThat(Sizes.parse("100B")).isEqualTo(100);
    assertThatThrownBy(() -> Sizes.parse("64MB")).hasMessageContaining("64MiB");
    assertThatThrownBy(() -> Sizes.parse("-1")).hasMessageContaining("expected a size");
    assertThatThrownBy(() -> Sizes.parse("999999999999GiB")).hasMessageContaining("too large");
  }

  @Test
  void formatsSizesInTheLargestExactUnit() {
    assertThat(Sizes.format(64L << 20)).isEqualTo("64MiB");
    assertThat(Sizes.format(5L << 20)).isEqualTo("5MiB");
    assertThat(Sizes.format(4097)).isEqualTo("4097");
    assertThat(Sizes.format(0)).isEqualTo("0");
    assertThat(Sizes.format(3L << 30)).isEqualTo("3GiB");
  }
}
