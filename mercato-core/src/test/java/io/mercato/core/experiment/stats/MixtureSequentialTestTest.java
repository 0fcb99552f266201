package io.mercato.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureSequentialTestTest {
  static final MixtureSequentialTest TEST = new MixtureSequentialTest(20_000);

  @Test
  void atThePlannedSizeTheIntervalIsAboutOneAndAHalfTimesTheFixedHorizonOne() {
    double r = MixtureSequentialTest.optimalRatio(0.05);
    assertThat(r).isBetween(6.0, 11.0);
    double v = 1e-4;
    MixtureSequentialTest.Result res = TEST.test(0.01, v, 20_000, 0.05);
    double halfWidth = (res.upper() - res.lower()) / 2;
    assertThat(halfWidth / (1.959964 * Math.sqrt(v))).isCloseTo(1.55, within(0.03));
    // ... and wider far from it: ten times fewer users give a wider interval relative to sqrt(V).
    MixtureSequentialTest.Result early = TEST.test(0.01, v, 2_000, 0.05);
    assertThat((early.upper() - early.lower()) / 2 / Math.sqrt(v))
        .isGreaterThan(halfWidth / Math.sqrt(v));
  }

  @Test
  void theIntervalExcludesZeroExactlyWhenThePValueIsAtMostAlpha() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      double d = rng.nextGaussian() * 0.05;
      double v = 1e-5 + rng.nextDouble() * 1e-3;
      long n = 100 + rng.nextInt(100_000);
      MixtureSequentialTest.Result res = TEST.test(d, v, n, 0.05);
      assertThat(res.lower()).isLessThan(d);
      assertThat(res.upper()).isGreaterThan(d);
      assertThat(res.upper() - d).isCloseTo(d - res.lower(), within(1e-12));
      if (Math.abs(res.pValue() - 0.05) > 1e-9) {
        assertThat(res.significant())
            .as("d=%s v=%s n=%s p=%s", d, v, n, res.pValue())
            .isEqualTo(res.pValue() <= 0.05);
      }
    }
  }

  @Test
  void noDifferenceIsNoEvidenceAndALargerDifferenceIsMore() {
    assertThat(TEST.test(0, 1e-4, 10_000, 0.05).pValue()).isEqualTo(1);
    double p1 = TEST.test(0.02, 1e-4, 10_000, 0.05).pValue();
    double p2 = TEST.test(0.04, 1e-4, 10_000, 0.05).pValue();
    double p3 = TEST.test(-0.04, 1e-4, 10_000, 0.05).pValue();
    assertThat(p2).isLessThan(p1);
    assertThat(p3).isEqualTo(p2);
  }

  @Test
  void withoutVarianceThereIsNoVerdict() {
    MixtureSequentialTest.Result res = TEST.test(0.5, 0, 1_000, 0.05);
    assertThat(res.pValue()).isEqualTo(1);
    assertThat(res.lower()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(res.upper()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(res.significant()).isFalse();
    assertThat(TEST.test(0.5, Double.NaN, 1_000, 0.05).significant()).isFalse();
    assertThatThrownBy(() -> TEST.test(0, 1, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MixtureSequentialTest(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
