package io.mercato.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChanceToBeatTest {
  static final ChanceToBeat CHANCE = new ChanceToBeat(20_000, 20);

  @Test
  void equalRatesAreACoinFlipAndAClearWinnerIsNearlyCertain() {
    assertThat(CHANCE.binary(500, 10_000, 500, 10_000)).isCloseTo(0.5, within(0.02));
    assertThat(CHANCE.binary(500, 10_000, 650, 10_000)).isGreaterThan(0.99);
    assertThat(CHANCE.binary(650, 10_000, 500, 10_000)).isLessThan(0.01);
  }

  @Test
  void theMonteCarloAnswerMatchesTheNormalApproximationForLargeSamples() {
    // 5.0% vs 5.3% of 10,000: d = 0.003, V = (0.05·0.95 + 0.053·0.947)/10,000 → Φ(0.96) ≈ 0.83.
    double v = (0.05 * 0.95 + 0.053 * 0.947) / 10_000;
    double normal = ChanceToBeat.normal(0.003, v, true);
    assertThat(CHANCE.binary(500, 10_000, 530, 10_000)).isCloseTo(normal, within(0.015));
  }

  @Test
  void theSameDataAlwaysGiveTheSameAnswer() {
    assertThat(CHANCE.binary(40, 1_000, 50, 1_000)).isEqualTo(CHANCE.binary(40, 1_000, 50, 1_000));
  }

  @Test
  void forContinuousMetricsTheDirectionCounts() {
    assertThat(ChanceToBeat.normal(0, 1, true)).isEqualTo(0.5);
    assertThat(ChanceToBeat.normal(1.959964, 1, true)).isCloseTo(0.975, within(1e-6));
    assertThat(ChanceToBeat.normal(1.959964, 1, false))
        .as("latency: higher is worse")
        .isCloseTo(0.025, within(1e-6));
    assertThat(ChanceToBeat.normal(1, 0, true)).isEqualTo(0.5);
  }
}
