package io.mercato.core.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.assign.Assigner;
import io.mercato.core.experiment.assign.StableHash;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SampleRatioCheckTest {
  static final int USERS = 1_000_000;

  /** A million users assigned by the real assigner, each arm's exposures lost with probability {@code loss[arm]}. */
  static ExperimentData exposed(ExperimentDefinition d, double lossInTreatment) {
    Assigner assigner = new Assigner(d, new SegmentCompiler());
    StableHash.Prefix lost = StableHash.prefix("lost-exposure");
    ExperimentData data = ExperimentData.of(d);
    Instant now = Instant.parse("2026-03-02T00:00:00Z");
    double[] zero = {0};
    for (int i = 0; i < USERS; i++) {
      String user = "user-" + i;
      String arm = assigner.assign(user, now, () -> null).arm();
      if (arm.equals("treatment") && lost.unit(user) < lossInTreatment) {
        continue; // e.g. a serving path that fails to log 1% of the treatment's exposures
      }
      data.add(arm, zero, null);
    }
    return data;
  }

  @Test
  void theDesignedSplitIsNotFlaggedAndLosingOnePercentOfAnArmIs() {
    ExperimentDefinition d = Simulation.twoArms("revenue_per_user", "");
    ExperimentAnalysis analysis = new ExperimentAnalysis(AnalysisSettings.DEFAULTS);
    ExperimentReport designed = analysis.analyse(d, exposed(d, 0));
    assertThat(designed.sampleRatio().checked()).isTrue();
    assertThat(designed.sampleRatioMismatch())
        .as("p = %s", designed.sampleRatio().pValue())
        .isFalse();
    ExperimentReport lossy = analysis.analyse(d, exposed(d, 0.01));
    // ~500,000 against ~495,000: chi-squared ≈ 25, p ≈ 6e-7.
    assertThat(lossy.sampleRatio().pValue()).isLessThan(1e-5);
    assertThat(lossy.sampleRatioMismatch()).isTrue();
    assertThat(lossy.decision().action()).isEqualTo(Decision.Action.KEEP_RUNNING);
    assertThat(lossy.decision().reasons().get(0)).contains("sample ratio mismatch");
  }

  @Test
  void theHoldoutIsPartOfTheDesignedSplit() {
    ExperimentDefinition d =
        Simulation.twoArms("revenue_per_user", ", \"holdouts\": {\"global\": 0.1}");
    Assigner assigner = new Assigner(d, new SegmentCompiler());
    ExperimentData data = ExperimentData.of(d);
    Instant now = Instant.parse("2026-03-02T00:00:00Z");
    for (int i = 0; i < 200_000; i++) {
      var a = assigner.assign("user-" + i, now, () -> null);
      data.add(a.arm() == null ? "holdout" : a.arm(), new double[] {0}, null);
    }
    SampleRatioCheck.Result r =
        new ExperimentAnalysis(AnalysisSettings.DEFAULTS).analyse(d, data).sampleRatio();
    assertThat(r.expectedShares())
        .usingComparatorForType(
            (x, y) -> Math.abs(x - y) < 1e-12 ? 0 : Double.compare(x, y), Double.class)
        .containsExactly(0.45, 0.45, 0.1);
    assertThat(r.mismatch()).isFalse();
  }

  @Test
  void theStatisticAndPValueAreExact() {
    // 505 vs 495 of 1000 at 50/50: chi-squared = 2 · 25/500 = 0.1, p = P(chi-squared(1) >= 0.1) =
    // 0.7518.
    SampleRatioCheck.Result r =
        SampleRatioCheck.check(new long[] {505, 495}, new double[] {1, 1}, 0.001);
    assertThat(r.chiSquared()).isCloseTo(0.1, Offset.offset(1e-12));
    assertThat(r.pValue()).isCloseTo(0.751830, Offset.offset(1e-6));
    // Far in the tail the p-value stays positive and exact rather than rounding to 0.
    // 510,000 vs 490,000: chi-squared = 400, p ≈ 5.5e-89 (1 − CDF would be exactly 0).
    SampleRatioCheck.Result tail =
        SampleRatioCheck.check(new long[] {510_000, 490_000}, new double[] {1, 1}, 0.001);
    assertThat(tail.pValue()).isPositive().isLessThan(1e-80);
  }

  @Test
  void tooFewUsersGiveNoVerdictAndAnUnexpectedGroupIsAlwaysAMismatch() {
    assertThat(SampleRatioCheck.check(new long[] {3, 1}, new double[] {1, 1}, 0.001).checked())
        .isFalse();
    assertThat(SampleRatioCheck.check(new long[] {3, 1}, new double[] {1, 1}, 0.001).mismatch())
        .isFalse();
    assertThat(SampleRatioCheck.check(new long[] {100, 1}, new double[] {1, 0}, 0.001).mismatch())
        .isTrue();
  }
}
