package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
    assertThatThrownBy(() -> Rates.smoothed(-1, 0, 0.1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rates.smoothed(0, 0, Double.NaN, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prior rate must be in [0, 1] but was NaN");
    assertThatThrownBy(() -> Rates.smoothed(0, 0, 1.1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rates.smoothed(2, 1, 0.1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successes must not exceed trials but were 2 and 1");
    assertThatThrownBy(() -> Rates.smoothed(0, 0, 0.1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateDefinition("x", " ", "view"))
        .isInstanceOf(IllegalArgumentException.class);
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
    assertThat(ctr.prior()).isEqualTo(0.05);
    assertThat(ctr.reason()).isNull();
    RateValue adCtr = r.get("ad_ctr"); // no impressions anywhere: no rate, no prior
    assertThat(adCtr)
        .isEqualTo(new RateValue(null, null, null, 0, 0, RateValue.Undefined.NO_TRIALS));
  }

  @Test
  void theGlobalScopeSmoothedTowardItselfKeepsItsRawRate() {
    WindowedCounts global = new WindowedCounts(DEFAULTS);
    global.add("view", NOW, 37);
    global.add("click", NOW, 3);
    RateValue ctr = Rates.rates(global, global, H1, NOW, 10).get("ctr");
    assertThat(ctr.smoothed()).isCloseTo(ctr.raw(), within(1e-15));
  }

  @Test
  void aClickWithoutViewsHasNoCtrAndSaysWhy() {
    // Regression: a category with 1 click and no views answered ctr.smoothed = 1.1.
    WindowedCounts global = new WindowedCounts(DEFAULTS);
    global.add("view", NOW, 100);
    global.add("click", NOW, 2);
    WindowedCounts category = new WindowedCounts(DEFAULTS);
    category.add("click", NOW, 1);
    global.add("click", NOW, 1);

    RateValue ctr = Rates.rates(category, global, H1, NOW, Rates.DEFAULT_PRIOR_STRENGTH).get("ctr");
    assertThat(ctr)
        .isEqualTo(
            new RateValue(null, null, 0.03, 1, 0, RateValue.Undefined.SUCCESSES_EXCEED_TRIALS));
    assertThat(ctr.reason().code()).isEqualTo("successes_exceed_trials");
  }

  @Test
  void purchasesWithoutClicksHaveNoCvrAndNoPriorAnywhere() {
    // Regression: 1,750 purchases and no clicks answered cvr.smoothed = 175.0.
    WindowedCounts global = new WindowedCounts(DEFAULTS);
    global.add("view", NOW, 9_000);
    global.add("purchase", NOW, 1_750);
    RateValue cvr = Rates.rates(global, global, H1, NOW, Rates.DEFAULT_PRIOR_STRENGTH).get("cvr");
    assertThat(cvr)
        .isEqualTo(
            new RateValue(null, null, null, 1_750, 0, RateValue.Undefined.SUCCESSES_EXCEED_TRIALS));

    // A scope whose own counts are a rate is not smoothed toward a global ratio that is not one.
    WindowedCounts item = new WindowedCounts(DEFAULTS);
    item.add("click", NOW, 4);
    item.add("purchase", NOW, 1);
    global.add("click", NOW, 4);
    RateValue itemCvr = Rates.rates(item, global, H1, NOW, Rates.DEFAULT_PRIOR_STRENGTH).get("cvr");
    assertThat(itemCvr).isEqualTo(new RateValue(0.25, 0.25, null, 1, 4, null));
  }

  @Test
  void withoutTrialsTheSmoothedRateIsThePriorAndTheRawRateIsNull() {
    RateValue r = Rates.rate(0, 0, 0.04, 10);
    assertThat(r).isEqualTo(new RateValue(null, 0.04, 0.04, 0, 0, RateValue.Undefined.NO_TRIALS));
    assertThat(r.reason().code()).isEqualTo("no_trials");
  }

  @Test
  void everyRateOfEveryDefinitionStaysInTheUnitIntervalOnSeededUnrelatedCounts() {
    SplittableRandom random = new SplittableRandom(13);
    List<String> types = List.of("view", "click", "purchase", "impression", "ad_click");
    for (int round = 0; round < 2_000; round++) {
      WindowedCounts global = new WindowedCounts(DEFAULTS);
      WindowedCounts scope = new WindowedCounts(DEFAULTS);
      for (String type : types) {
        // Often absent, otherwise unrelated to the other types: successes may exceed trials
        // anywhere.
        long n = random.nextInt(3) == 0 ? 0 : random.nextLong(1, 2_000);
        long mine = random.nextLong(0, n + 1);
        global.add(type, NOW - random.nextLong(0, 3_000_000), n);
        scope.add(type, NOW, mine);
      }
      for (WindowedCounts s : List.of(scope, global)) {
        for (RateValue v : Rates.rates(s, global, H1, NOW, Rates.DEFAULT_PRIOR_STRENGTH).values()) {
          assertThat(
                  List.of(
                      v.raw() == null ? 0.0 : v.raw(),
                      v.smoothed() == null ? 0.0 : v.smoothed(),
                      v.prior() == null ? 0.0 : v.prior()))
              .as("%s", v)
              .allMatch(x -> x >= 0 && x <= 1);
          assertThat(v.raw() == null).as("%s", v).isEqualTo(v.reason() != null);
          assertThat(v.smoothed() == null)
              .as("%s", v)
              .isEqualTo(v.successes() > v.trials() || (v.trials() == 0 && v.prior() == null));
        }
      }
    }
  }
}
