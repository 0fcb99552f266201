package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.FrequencyCaps;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exploration: a new ad gets traffic, and traffic converges to the ad that really clicks better. */
class ThompsonSamplingTest {
  @Test
  void anUnseenAdGetsTrafficAndTheBetterAdWinsOnASimulatedClickStream() {
    Fixtures.Inventory inv =
        new Fixtures.Inventory()
            .add(
                Fixtures.withCaps(
                    Fixtures.campaign("c", "100000", "1000000"), new FrequencyCaps(50, 50, 50, 50)))
            .add(Fixtures.ad("old", "c", BidType.CPC, "1"))
            .add(Fixtures.ad("new", "c", BidType.CPC, "1"));
    Fixtures.Clock clock = new Fixtures.Clock(T0.plus(Duration.ofHours(1)));
    AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(24)));
    // the old ad has a long history at 2% CTR; the new one truly clicks at 4%
    for (int i = 0; i < 5000; i++) {
      long t = clock.instant().toEpochMilli() - 1;
      ledger.apply(Fixtures.event("h" + i, "impression", "hist" + i, "old", "c", null, t), inv);
      if (i % 50 == 0) {
        ledger.apply(Fixtures.event("hc" + i, "ad_click", "hist" + i, "old", "c", null, t), inv);
      }
    }
    DecisionService service =
        new DecisionService(() -> inv, ledger, new CtrModel(0.01, 100), clock, 42L);
    Map<String, Double> trueCtr = Map.of("old", 0.02, "new", 0.04);
    SplittableRandom clicks = new SplittableRandom(3);
    Map<String, Integer> firstThousand = new HashMap<>();
    Map<String, Integer> lastThousand = new HashMap<>();
    int rounds = 20_000;
    for (int i = 0; i < rounds; i++) {
      Decision d = service.decide("u" + i, "home", 1, true, Fixtures::input);
      String ad = d.ads().get(0).ad().id();
      if (i < 1000) {
        firstThousand.merge(ad, 1, Integer::sum);
      }
      if (i >= rounds - 1000) {
        lastThousand.merge(ad, 1, Integer::sum);
      }
      if (clicks.nextDouble() < trueCtr.get(ad)) {
        ledger.apply(
            Fixtures.event(
                "c" + i, "ad_click", "u" + i, ad, "c", null, clock.instant().toEpochMilli()),
            inv);
      }
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(firstThousand.getOrDefault("new", 0)).as("new ad explored early").isGreaterThan(100);
    assertThat(lastThousand.getOrDefault("new", 0))
        .as("converged to the better ad")
        .isGreaterThan(850);
    double newMean = new CtrModel(0.01, 100).estimate(ledger, inv.ad("new")).mean();
    assertThat(newMean).isBetween(0.03, 0.05);
  }

  @Test
  void withoutExplorationTheSameStateGivesTheSameAnswerAndWithASeedTheDrawsRepeat() {
    Fixtures.Inventory inv =
        new Fixtures.Inventory()
            .add(Fixtures.campaign("c", "100", "1000"))
            .add(Fixtures.ad("a", "c", BidType.CPC, "1"))
            .add(Fixtures.ad("b", "c", BidType.CPC, "1"));
    for (long seed : new long[] {1, 2, 3}) {
      String first = null;
      for (int run = 0; run < 2; run++) {
        AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(1)));
        DecisionService s =
            new DecisionService(
                () -> inv,
                ledger,
                new CtrModel(0.01, 100),
                new Fixtures.Clock(T0.plus(Duration.ofHours(3))),
                seed);
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 50; i++) {
          picks.append(s.decide("u" + i, "home", 1, true, Fixtures::input).ads().get(0).ad().id());
        }
        if (first == null) {
          first = picks.toString();
        } else {
          assertThat(picks.toString()).isEqualTo(first);
        }
      }
    }
  }
}
