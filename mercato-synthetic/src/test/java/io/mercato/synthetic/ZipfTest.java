package io.mercato.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfTest {

  @Test
  void topRankFrequencyMatchesTheHarmonicNumber() {
    Zipf zipf = new Zipf(200, 1.0);
    double h200 = 0;
    for (int k = 1; k <= 200; k++) {
      h200 += 1.0 / k;
    }
    assertThat(zipf.probability(0)).isCloseTo(1 / h200, within(1e-12)); // about 0.170

    SplittableRandom random = new SplittableRandom(7);
    int draws = 200_000;
    int[] hits = new int[200];
    for (int i = 0; i < draws; i++) {
      hits[zipf.sample(random)]++;
    }
    assertThat(hits[0] / (double) draws).isCloseTo(1 / h200, within(0.005));
    assertThat(hits[0]).isGreaterThan(hits[1]);
    assertThat(hits[1]).isGreaterThan(hits[9]);
    assertThat(hits[9]).isGreaterThan(hits[199]);
  }

  @Test
  void probabilitiesSumToOneAndDecrease() {
    Zipf zipf = new Zipf(1000, 1.2);
    double sum = 0;
    for (int k = 0; k < 1000; k++) {
      sum += zipf.probability(k);
      if (k > 0) {
        assertThat(zipf.probability(k)).isLessThan(zipf.probability(k - 1));
      }
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
    assertThat(zipf.probability(-1)).isZero();
    assertThat(zipf.probability(1000)).isZero();
  }

  @Test
  void exponentZeroIsUniform() {
    Zipf zipf = new Zipf(4, 0);
    for (int k = 0; k < 4; k++) {
      assertThat(zipf.probability(k)).isCloseTo(0.25, within(1e-12));
    }
  }

  @Test
  void everyDrawIsInRange() {
    Zipf one = new Zipf(1, 3);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(one.sample(random)).isZero();
    }
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new Zipf(0, 1)).hasMessageContaining("size must be at least 1");
    assertThatThrownBy(() -> new Zipf(10, -0.5)).hasMessageContaining("exponent");
    assertThatThrownBy(() -> new Zipf(10, Double.NaN)).hasMessageContaining("exponent");
  }
}
