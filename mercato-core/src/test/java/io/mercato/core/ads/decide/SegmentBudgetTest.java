package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 10: a decision over 1,000 campaigns with segments spends a bounded number of segment
 * evaluations, evaluates the best-ranked ads first, each distinct condition once, and stops once it
 * has its ads.
 */
class SegmentBudgetTest {
  private final Fixtures.Clock clock = new Fixtures.Clock(T0.plus(Duration.ofHours(12)));
  private final Fixtures.Inventory inv = new Fixtures.Inventory();
  private final AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(1)));
  private final AtomicInteger evaluations = new AtomicInteger();

  /** 1,000 campaigns of one CPM ad each (bid i+1, so campaign 999 ranks first), segment cost 800. */
  private void thousandCampaigns(boolean userMatches, boolean sameCondition) {
    for (int i = 0; i < 1_000; i++) {
      String c = "c" + i;
      inv.add(Fixtures.campaign(c, "1000", "10000"))
          .add(Fixtures.ad("a" + i, c, BidType.CPM, Integer.toString(i + 1)));
      String text = sameCondition ? "heavy" : "heavy-" + i;
      inv.segments.put(c, counting(text, 800, userMatches));
    }
  }

  private Segment counting(String text, long cost, boolean matches) {
    return new Segment() {
      @Override
      public String expression() {
        return text;
      }

      @Override
      public boolean matches(SegmentInput input) {
        evaluations.incrementAndGet();
        return matches;
      }

      @Override
      public long cost() {
        return cost;
      }
    };
  }

  private Decision decide(long budget, int n) {
    return new DecisionService(() -> inv, ledger, new CtrModel(0.01, 100), clock, 7L, budget)
        .decide("u1", "home", n, false, Fixtures::input);
  }

  @Test
  void aUserInNoSegmentCostsAtMostTheBudget() {
    thousandCampaigns(false, false);
    Decision d = decide(100_000, 1);

    // each evaluation is charged 200 + 800 steps: 100 fit in 100,000
    assertThat(evaluations.get()).isEqualTo(100);
    assertThat(d.ads()).isEmpty();
    assertThat(d.considered()).isEqualTo(1_000);
    assertThat(d.rejected()).containsEntry("segment", 100).containsEntry("segment_budget", 900);
    assertThat(d.reasons())
        .anyMatch(r -> r.startsWith("900 ad(s): the decision's segment budget was spent"));
  }

  @Test
  void segmentsAreEvaluatedBestRankedFirstAndOnlyUntilTheAdsAreChosen() {
    thousandCampaigns(true, false);
    Decision d = decide(100_000, 2);

    assertThat(d.ads()).extracting(a -> a.ad().id()).containsExactly("a999", "a998");
    assertThat(evaluations.get()).isEqualTo(2);
    assertThat(d.rejected()).isEmpty();
  }

  @Test
  void oneConditionSharedByEveryCampaignIsEvaluatedOnce() {
    thousandCampaigns(false, true);
    Decision d = decide(100_000, 1);

    assertThat(evaluations.get()).isEqualTo(1);
    assertThat(d.rejected()).containsExactly(Map.entry("segment", 1_000));
  }
}
