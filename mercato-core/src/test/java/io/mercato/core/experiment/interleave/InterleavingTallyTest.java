package io.mercato.core.experiment.interleave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InterleavingTallyTest {
  static InterleavingTally tally(int a, int b, int ties) {
    InterleavingTally t = new InterleavingTally();
    for (int i = 0; i < a; i++) {
      t.add(new Interleaving.Credit(1, 0));
    }
    for (int i = 0; i < b; i++) {
      t.add(new Interleaving.Credit(0, 2));
    }
    for (int i = 0; i < ties; i++) {
      t.add(new Interleaving.Credit(i % 2, i % 2));
    }
    return t;
  }

  @Test
  void theSignTestIsTheExactBinomialTestIgnoringTies() {
    // 15 of 20 decided answers: P(X <= 5 | n = 20, 1/2) = 0.020695, two-sided 0.041389.
    InterleavingTally t = tally(15, 5, 100);
    assertThat(t.signTestPValue()).isCloseTo(0.041389, within(1e-6));
    assertThat(t.winner(0.05)).isEqualTo(Team.A);
    assertThat(t.winner(0.01)).isNull();
    assertThat(t.preference()).isCloseTo(10 / 120.0, within(1e-12));
    assertThat(tally(5, 15, 0).winner(0.05)).isEqualTo(Team.B);
    assertThat(tally(0, 0, 10).signTestPValue()).isEqualTo(1);
    assertThat(tally(10, 10, 0).signTestPValue()).isEqualTo(1);
  }

  @Test
  void withoutAPreferenceTheSignTestRarelyFires() {
    SplittableRandom rng = new SplittableRandom(12);
    int significant = 0;
    for (int run = 0; run < 1_000; run++) {
      InterleavingTally t = new InterleavingTally();
      for (int q = 0; q < 200; q++) {
        t.add(rng.nextBoolean() ? new Interleaving.Credit(1, 0) : new Interleaving.Credit(0, 1));
      }
      significant += t.winner(0.05) != null ? 1 : 0;
    }
    assertThat(significant / 1000.0).isLessThanOrEqualTo(0.06);
  }

  @Test
  void talliesMerge() {
    InterleavingTally a = tally(3, 1, 2);
    a.merge(tally(1, 4, 0));
    assertThat(a.winsA()).isEqualTo(4);
    assertThat(a.winsB()).isEqualTo(5);
    assertThat(a.ties()).isEqualTo(2);
  }
}
