package io.mercato.ml.ads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.ads.decide.CtrModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learned pCTR against serving's Beta posterior on demo-like impressions, and the metrics themselves. */
class CtrComparisonTest {
  @Test
  void learnedPctrBeatsThePosteriorWhereUserInterestMatters() {
    // seed 7: a world other than the one (seed 42) the learned model's settings were chosen on
    DemoLikeAds d = new DemoLikeAds(120_000, 2, 7);
    long cut = d.startMillis + 60_000_000L; // the first half trains
    CtrComparison.Result r =
        CtrComparison.run(
            d.browsing,
            d.impressions,
            d.ads,
            List.of(DemoLikeAds.PLACEMENT),
            new CtrModel(0.01, 100),
            cut);
    assertThat(r.trainImpressions() + r.learned().impressions()).isEqualTo(60_000);
    assertThat(r.trainImpressions()).isBetween(29_000, 31_000);
    assertThat(r.learned().clicks()).isGreaterThan(300);
    // the posterior ranks ads, not users: the learned model also sees the user's interest in the
    // category
    assertThat(r.learned().auc())
        .as("%s vs %s", r.learned(), r.posterior())
        .isGreaterThan(r.posterior().auc() + 0.03);
    assertThat(r.learned().logLoss())
        .as("%s vs %s", r.learned(), r.posterior())
        .isLessThan(r.posterior().logLoss());
  }

  @Test
  void metricsOnAHandComputedLog() {
    // predictions 0.1, 0.4, 0.35, 0.8 for outcomes no, no, yes, yes: 3 of 4 positive-negative pairs
    // ordered
    CtrMetrics m =
        CtrMetrics.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
    assertThat(m.auc()).isCloseTo(0.75, within(1e-12));
    double ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
    assertThat(m.logLoss()).isCloseTo(ll, within(1e-12));
    assertThat(m.meanPredicted()).isCloseTo(0.4125, within(1e-12));
    assertThat(m.clicks()).isEqualTo(2);
    // bins of one or no impression: |0.1−0| + |0.35−1| + |0.4−0| + |0.8−1| over 4
    assertThat(m.ece()).isCloseTo((0.1 + 0.65 + 0.4 + 0.2) / 4, within(1e-12));
  }
}
