package io.mercato.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.quality.VolumeState.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The volume monitor on simulated trackers: a seeded Poisson stream per minute, a manual clock, an
 * evaluation after every minute (as the engine's periodic check does), default settings.
 */
class VolumeMonitorTest {
  private static final long MINUTE = 60_000L;
  private final long[] now = {Instant.parse("2026-11-24T00:00:00Z").toEpochMilli()};
  private final InstantSource clock = () -> Instant.ofEpochMilli(now[0]);
  private final VolumeMonitor monitor = new VolumeMonitor(QualityConfig.defaults(), clock);
  private final UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(42L);

  /** Runs {@code minutes} minutes; {@code rate} gives the mean events of minute i. Returns the states after each minute. */
  private List<List<VolumeState>> run(
      String type, String source, long minutes, LongUnaryOperator rate) {
    List<List<VolumeState>> states = new ArrayList<>();
    for (long i = 0; i < minutes; i++) {
      long mean = rate.applyAsLong(i);
      long n = mean == 0 ? 0 : PoissonSampler.of(rng, mean).sample();
      // spread over the minute in a few batches, as requests would arrive
      for (int part = 0; part < 4; part++) {
        monitor.record(type, source, n / 4 + (part < n % 4 ? 1 : 0));
        now[0] += MINUTE / 4;
      }
      states.add(monitor.evaluate());
    }
    return states;
  }

  private static VolumeState only(List<VolumeState> states) {
    assertThat(states).hasSize(1);
    return states.get(0);
  }

  @Test
  void aTrackerOutageIsFlaggedWithinTheWindowAndHeldUntilItReturns() {
    List<List<VolumeState>> steady = run("view", "web", 180, i -> 200);
    assertThat(steady).allSatisfy(s -> assertThat(only(s).status()).isNotEqualTo(Status.DROP));
    assertThat(only(steady.get(steady.size() - 1)).status()).isEqualTo(Status.OK);
    assertThat(only(steady.get(steady.size() - 1)).baselinePerMinute()).isBetween(180.0, 220.0);

    List<List<VolumeState>> outage = run("view", "web", 90, i -> 0);
    int flaggedAfter = -1;
    for (int i = 0; i < outage.size() && flaggedAfter < 0; i++) {
      if (only(outage.get(i)).status() == Status.DROP) {
        flaggedAfter = i + 1;
      }
    }
    assertThat(flaggedAfter).as("minutes of outage before the flag").isBetween(1, 5);
    assertThat(outage.subList(flaggedAfter - 1, outage.size()))
        .as("the baseline is frozen while flagged: the outage never becomes the norm")
        .allSatisfy(s -> assertThat(only(s).status()).isEqualTo(Status.DROP));
    assertThat(monitor.drops()).isEqualTo(1);
    assertThat(monitor.flagged()).isEqualTo(1);

    List<List<VolumeState>> back = run("view", "web", 10, i -> 200);
    assertThat(only(back.get(back.size() - 1)).status()).isEqualTo(Status.OK);
    assertThat(monitor.flagged()).isZero();
    assertThat(monitor.drops()).as("a counter: it keeps the past alert").isEqualTo(1);
  }

  @Test
  void aTrackerLosingMostOfItsEventsIsFlagged() {
    run("click", "ios", 150, i -> 300);
    List<List<VolumeState>> broken = run("click", "ios", 10, i -> 20);
    assertThat(broken.stream().map(VolumeMonitorTest::only).map(VolumeState::status))
        .contains(Status.DROP);
  }

  @Test
  void aQuietNightAtASteadyLowRateIsNotFlagged() {
    List<List<VolumeState>> night = run("purchase", "web", 12 * 60, i -> 2);
    assertThat(night).allSatisfy(s -> assertThat(only(s).status()).isNotEqualTo(Status.DROP));
    VolumeState last = only(night.get(night.size() - 1));
    assertThat(last.status()).as("slow, yet judged over a longer span").isEqualTo(Status.OK);
    assertThat(last.judgedMinutes()).isEqualTo(15);
    assertThat(monitor.drops()).isZero();
  }

  @Test
  void aDailyCycleIsNotADrop() {
    // 950 events a minute at the afternoon peak, 50 at night, two days.
    List<List<VolumeState>> days =
        run(
            "view",
            "web",
            2 * 24 * 60,
            i -> Math.round(500 - 450 * Math.cos(2 * Math.PI * i / (24 * 60.0))));
    assertThat(days).allSatisfy(s -> assertThat(only(s).status()).isNotEqualTo(Status.DROP));
  }

  @Test
  void aSeriesIsLearningForItsFirstHourPlusTheMinimumHistory() {
    List<List<VolumeState>> first = run("view", "web", 125, i -> 100);
    assertThat(only(first.get(110)).status()).isEqualTo(Status.LEARNING);
    assertThat(only(first.get(124)).status()).isEqualTo(Status.OK);
  }

  @Test
  void aSeriesTooSlowToJudgeIsSaidSoAndNeverFlagged() {
    List<List<VolumeState>> slow = run("conversion", "web", 300, i -> i % 10 == 0 ? 2 : 0);
    assertThat(only(slow.get(slow.size() - 1)).status()).isEqualTo(Status.TOO_QUIET);
    List<List<VolumeState>> silent = run("conversion", "web", 60, i -> 0);
    assertThat(silent).allSatisfy(s -> assertThat(only(s).status()).isNotEqualTo(Status.DROP));
  }

  @Test
  void seriesAreJudgedPerTypeAndSource() {
    for (int i = 0; i < 150; i++) {
      monitor.record("view", "web", 100);
      monitor.record("view", "ios", 100);
      now[0] += MINUTE;
      monitor.evaluate();
    }
    for (int i = 0; i < 10; i++) {
      monitor.record("view", "web", 100);
      now[0] += MINUTE;
    }
    List<VolumeState> states = monitor.evaluate();
    assertThat(states)
        .extracting(VolumeState::source, VolumeState::status)
        .containsExactly(Tuple.tuple("ios", Status.DROP), Tuple.tuple("web", Status.OK));
  }

  @Test
  void aSeriesSilentForAWeekIsForgotten() {
    run("view", "old-tracker", 10, i -> 50);
    now[0] += Duration.ofDays(VolumeMonitor.IDLE_DAYS).toMillis() + MINUTE;
    assertThat(monitor.evaluate()).isEmpty();
  }

  @Test
  void aLongSilenceIsFoldedInOneStep() {
    run("view", "web", 200, i -> 100);
    now[0] += Duration.ofDays(3).toMillis();
    VolumeState s = only(monitor.evaluate());
    assertThat(s.status()).isEqualTo(Status.DROP);
    assertThat(s.recentPerMinute()).isZero();
  }
}
