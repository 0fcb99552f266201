package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatesTest {
  static final Windows DEFAULTS = Windows.defaults();
  static final Window H1 = DEFAULTS.byName("1h");
  static final long NOW = TestStreams.START;

  @Test
  void smoothedMatchesHandComputedExamples() {
    // (1 + 0.02·10) / (3 + 10) = 1.2 / 13
    assertThat(Rates.smoothed(1, 3, 0.02, 10)).isCloseTo(1.2 / 13, within(1e-15));
    // (50 + 0.1·20) / (1000 + 20) = 52 / 1020
    assertThat(Rates.smoothed(50, 1_000, 0.1, 20)).isCloseTo(52.0 / 1020, within(1e-15));
    assertThat(Rates.smoothed(0, 0, 0.05, 10)).isEqualTo(0.05); // no data: the prior
    assertThat(Rates.smoothed(7, 10, 0.5, 0)).isEqualTo(0.7); // no prior weight: the raw rate
    assertThat(Rates.smoothed(0, 0, 0.3, 0)).isEqualTo(0.3); // 0/0 defined as the prior's centre
  }

  @Test
  void tinySampleIsPulledToThePriorLargeSampleStaysNearItsRawRate() {
    double prior = 0.02;
    double tiny = Rates.smoothed(1, 2, prior, Rates.DEFAULT_PRIOR_STRENGTH); // raw 0.5
    assertThat(tiny).isCloseTo(prior, within(0.1)).isLessThan(0.5 / 4);
    double large = Rates.smoothed(50_000, 100_000, prior, Rates.DEFAULT_PRIOR_STRENGTH); // raw 0.5
    assertThat(large).isCloseTo(0.5, within(1e-4));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Rates.smoothed(-1, 0, 0.1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rates.smoothed(0, 0, Double.NaN, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prior rate must be finite and not negative but was NaN");
    assertThatThrownBy(() -> Rates.smoothed(0, 0, 0.1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateDefinition("x", " ", "view")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ratesSmoothEachDefinitionTowardTheGlobalRateOfTheSameWindow() {
    WindowedCounts global = new WindowedCounts(DEFAULTS);
    global.add("view", NOW, 1_000);
    global.add("click", NOW, 50); // global CTR 0.05
    global.add("purchase", NOW, 5); // global CVR 0.1
    global.add("view", NOW - 2 * 3_600_000, 1_000_000); // outside 1h: must not move the prior
    WindowedCounts item = new WindowedCounts(DEFAULTS);
    item.add("view", NOW, 4);
    item.add("click", NOW, 2);

    Map<String, RateValue> r = Rates.rates(item, global, H1, NOW, Rates.DEFAULT_PRIOR_STRENGTH);
    assertThat(r.keySet()).containsExactly("ad_ctr", "ctr", "cvr");
    RateValue ctr = r.get("ctr");
    assertThat(ctr.successes()).isEqualTo(2);
    assertThat(ctr.trials()).isEqualTo(4);
    assertThat(ctr.raw()).isEqualTo(0.5);
    assertThat(ctr.smoothed()).isCloseTo((2 + 0.05 * 10) / (4 + 10), within(1e-15));
    RateValue cvr = r.get("cvr"); // 0 purchases of 2 clicks: (0 + 0.1·10) / 12
    assertThat(cvr.raw()).isZero();
    assertThat(cvr.smoothed()).isCloseTo(1.0 / 12, within(1e-15));
    RateValue adCtr = r.get("ad_ctr"); // no impressions anywhere: defined as 0 with 0 trials
    assertThat(adCtr.raw()).isNaN();
    assertThat(adCtr).isEqualTo(new RateValue(Double.NaN, 0, 0, 0));
  }

  @Test
  void theGlobalScopeSmoothedTowardItselfKeepsItsRawRate() {
    WindowedCounts global = new WindowedCounts(DEFAULTS);
    global.add("view", NOW, 37);
    global.add("click", NOW, 3);
    RateValue ctr = Rates.rates(global, global, H1, NOW, 10).get("ctr");
    assertThat(ctr.smoothed()).isCloseTo(ctr.raw(), within(1e-15));
  }
}
