package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Campaign KPI rates stay in [0, 1] or are null with a reason, whatever types a stream lacks. */
class KpiRatesTest {
  private final Campaign campaign = Fixtures.campaign("c", "100000", "1000000");
  private final Fixtures.Inventory inventory =
      new Fixtures.Inventory().add(campaign).add(Fixtures.ad("cpc", "c", BidType.CPC, "0.25"));
  private final Instant now = T0.plus(Duration.ofHours(3));
  private final AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(1)));
  private int ids;

  private void send(String type, int n, Double value) {
    for (int i = 0; i < n; i++) {
      ledger.apply(
          Fixtures.event(
              "e" + ids++, type, "u" + (ids % 7), "cpc", "c", value, now.toEpochMilli() - 1_000),
          inventory);
    }
  }

  private CampaignKpis kpis() {
    return CampaignKpis.of(campaign, ledger, now, "1h", Duration.ofHours(1), -1);
  }

  @Test
  void clicksWithoutImpressionsAndConversionsWithoutClicksGiveNoRatesWithReasons() {
    send("ad_click", 3, null);
    CampaignKpis k = kpis();
    assertThat(k.ctr()).isNull();
    assertThat(k.cvr()).isZero(); // 0 conversions of 3 clicks
    assertThat(k.cpa()).isNull();
    assertThat(k.nullReasons())
        .isEqualTo(Map.of("ctr", "successes_exceed_trials", "cpa", "no_conversions"));

    send("purchase", 1_750, 10.0);
    ledger.apply(
        Fixtures.event(
            "e-late-click", "ad_click", "u1", "cpc", "c", null, now.toEpochMilli() - 2_000),
        inventory);
    k = kpis();
    assertThat(k.window().conversions()).isEqualTo(1_750);
    assertThat(k.cvr()).as("1,750 conversions after 4 clicks are not a rate").isNull();
    assertThat(k.nullReasons()).containsEntry("cvr", "successes_exceed_trials");
    // 4 clicks at 0.25 each, 1,750 conversions
    assertThat(k.cpa())
        .isEqualByComparingTo(
            new BigDecimal("1.00").divide(BigDecimal.valueOf(1_750), 6, RoundingMode.HALF_UP));
  }

  @Test
  void aCoherentWindowHasEveryRateAndNoReason() {
    send("impression", 10, null);
    send("ad_click", 4, null);
    send("conversion", 2, 30.0);
    CampaignKpis k = kpis();
    assertThat(k.ctr()).isEqualTo(0.4);
    assertThat(k.cvr()).isEqualTo(0.5);
    assertThat(k.cpa()).isEqualByComparingTo("0.5"); // 4 CPC clicks at 0.25 over 2 conversions
    assertThat(k.nullReasons()).isEmpty();
  }

  @Test
  void seededUnrelatedCountsNeverGiveARateOutsideTheUnitInterval() {
    SplittableRandom random = new SplittableRandom(5);
    for (int round = 0; round < 200; round++) {
      AdLedger l = new AdLedger(new Pacing(Duration.ofHours(1)));
      for (String type : new String[] {"impression", "ad_click", "conversion", "purchase"}) {
        int n = random.nextInt(3) == 0 ? 0 : random.nextInt(1, 30);
        for (int i = 0; i < n; i++) {
          l.apply(
              Fixtures.event(
                  "r" + round + "-" + type + i,
                  type,
                  "u" + i,
                  "cpc",
                  "c",
                  type.equals("purchase") ? 5.0 : null,
                  now.toEpochMilli() - random.nextLong(0, 7_200_000)),
              inventory);
        }
      }
      CampaignKpis k = CampaignKpis.of(campaign, l, now, "1h", Duration.ofHours(1), -1);
      for (Double rate : new Double[] {k.ctr(), k.cvr()}) {
        assertThat(rate == null || (rate >= 0 && rate <= 1)).as("%s", k).isTrue();
      }
      assertThat(k.ctr() == null).isEqualTo(k.nullReasons().containsKey("ctr"));
      assertThat(k.cvr() == null).isEqualTo(k.nullReasons().containsKey("cvr"));
      assertThat(k.cpa() == null).isEqualTo(k.nullReasons().containsKey("cpa"));
    }
  }
}
