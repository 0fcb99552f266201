package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.FrequencyCaps;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A simulated day of heavy traffic: spend follows the even-pacing allowance and never passes it. */
class PacingTest {
  @Test
  void spendStaysWithinTheAllowanceAllDayAndUsesMostOfTheBudget() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    Fixtures.Clock clock = new Fixtures.Clock(T0.minus(Duration.ofHours(1))); // midnight in Paris
    Campaign c =
        Fixtures.withDates(
            Fixtures.withCaps(
                Fixtures.campaign("c", "24", "1000"), new FrequencyCaps(100, 100, 100, 100)),
            T0.minus(Duration.ofDays(2)),
            T0.plus(Duration.ofDays(2)),
            paris);
    Fixtures.Inventory inv =
        new Fixtures.Inventory().add(c).add(Fixtures.ad("a", "c", BidType.CPM, "10"));
    Pacing pacing = new Pacing(Duration.ofHours(1));
    AdLedger ledger = new AdLedger(pacing);
    DecisionService service =
        new DecisionService(() -> inv, ledger, new CtrModel(0.01, 100), clock, 1L);
    // 24 EUR a day at 0.01 EUR an impression: 2,400 impressions fit; traffic offers 14,400 (one per
    // 6 s)
    int user = 0;
    for (int step = 0; step < 14_400; step++) {
      service.decide("u" + (user++ % 1000), "home", 1, true, Fixtures::input);
      BigDecimal spent = ledger.spentToday(c, clock.instant());
      long allowance = pacing.allowanceMicros(c, clock.instant());
      assertThat(Micros.of(spent)).as("step %d", step).isLessThanOrEqualTo(allowance);
      if (step % 600 == 599) {
        // hourly: within one hour of budget (the head start) of the even line, and never ahead of
        // it by more
        double elapsed = c.dayElapsed(clock.instant());
        assertThat(spent.doubleValue())
            .as("hour %d", step / 600)
            .isBetween(24 * elapsed - 1.0 - 0.01, 24 * Math.min(1, elapsed + 1.0 / 24) + 1e-9);
      }
      clock.advance(Duration.ofSeconds(6));
    }
    clock.advance(Duration.ofSeconds(-6));
    BigDecimal day = ledger.spentToday(c, clock.instant());
    assertThat(day.doubleValue()).isLessThanOrEqualTo(24.0).isGreaterThanOrEqualTo(23.9);
    assertThat(ledger.totals("c").spend()).isEqualByComparingTo(day);
  }

  @Test
  void clicksAreNeverChargedBeyondTheBudget() {
    Campaign c = Fixtures.campaign("c", "2", "3");
    Fixtures.Inventory inv =
        new Fixtures.Inventory().add(c).add(Fixtures.ad("a", "c", BidType.CPC, "0.75"));
    AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(24)));
    for (int i = 0; i < 10; i++) {
      ledger.apply(
          Fixtures.event(
              "k" + i,
              "ad_click",
              "u" + i,
              "a",
              "c",
              null,
              T0.plus(Duration.ofHours(1)).toEpochMilli()),
          inv);
    }
    CampaignTotals t = ledger.totals("c");
    assertThat(t.clicks()).isEqualTo(10);
    assertThat(t.spend()).isEqualByComparingTo("2"); // the daily budget
    assertThat(t.overdelivery()).isEqualByComparingTo("5.5"); // 7.5 of clicks, 2 charged
  }
}
