package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class StreamClockTest {
  @Test
  void streamTimeFollowsTheNewestEventAndFallsBackToTheClock() {
    StreamClock c = new StreamClock(InstantSource.fixed(Instant.ofEpochMilli(5_000)));
    assertThat(c.newestMillis()).isEqualTo(Long.MIN_VALUE);
    assertThat(c.streamTime()).isEqualTo(5_000);
    c.set(3_000);
    assertThat(c.streamTime()).isEqualTo(3_000);
  }
}
