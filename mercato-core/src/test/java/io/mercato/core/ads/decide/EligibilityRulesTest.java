package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.FrequencyCaps;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each eligibility rule alone: one ad, everything else allowed, one rule broken. */
class EligibilityRulesTest {
  private final Fixtures.Clock clock = new Fixtures.Clock(T0.plus(Duration.ofHours(12)));
  private final Fixtures.Inventory inv = new Fixtures.Inventory();
  private final AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(1)));
  private final DecisionService service =
      new DecisionService(() -> inv, ledger, new CtrModel(0.01, 100), clock, 7L);

  private Decision decide() {
    return service.decide("u1", "home", 1, true, Fixtures::input);
  }

  @Test
  void anEligibleAdIsChosenAndItsImpressionReserved() {
    inv.add(Fixtures.campaign("c", "100", "1000")).add(Fixtures.ad("a", "c", BidType.CPC, "1"));
    Decision d = decide();
    assertThat(d.ads()).extracting(x -> x.ad().id()).containsExactly("a");
    assertThat(d.ads().get(0).eventId()).startsWith(d.decisionId());
    assertThat(ledger.adCounts("a")[0]).isEqualTo(1);
    assertThat(service.check("u1", "a", Fixtures::input).eligible()).isTrue();
  }

  @Test
  void pausedAd() {
    inv.add(Fixtures.campaign("c", "100", "1000"))
        .add(Fixtures.paused(Fixtures.ad("a", "c", BidType.CPC, "1")));
    assertRejected("ad_paused", "the ad is paused");
  }

  @Test
  void campaignNotActive() {
    inv.add(Fixtures.withStatus(Fixtures.campaign("c", "100", "1000"), CampaignStatus.PAUSED))
        .add(Fixtures.ad("a", "c", BidType.CPC, "1"));
    assertRejected("campaign_inactive", "the campaign is not active (draft, paused or ended)");
  }

  @Test
  void campaignNotStartedOrEnded() {
    Campaign c = Fixtures.campaign("c", "100", "1000");
    inv.add(
            Fixtures.withDates(
                c, clock.now.plusSeconds(60), clock.now.plusSeconds(3600), ZoneOffset.UTC))
        .add(Fixtures.ad("a", "c", BidType.CPC, "1"));
    assertRejected("not_started", "the campaign has not started yet");
    inv.add(Fixtures.withDates(c, clock.now.minusSeconds(3600), clock.now, ZoneOffset.UTC));
    assertRejected("ended", "the campaign has ended");
  }

  @Test
  void budgetSpentOrAheadOfPace() {
    // daily 1.00 EUR at noon with a 1-hour head start: allowance 13/24 = 0.5416; CPM 1000 costs
    // 1.00
    inv.add(Fixtures.campaign("c", "1", "1000")).add(Fixtures.ad("a", "c", BidType.CPM, "1000"));
    assertRejected(
        "budget", "the campaign has spent its budget, or is ahead of its pace for today");
  }

  @Test
  void userNotInSegment() {
    inv.add(Fixtures.campaign("c", "100", "1000"))
        .add(Fixtures.ad("a", "c", BidType.CPC, "1"))
        .segment("c", "profile.purchases > 0", u -> !u.equals("u1"));
    assertRejected("segment", "the user is not in the campaign's segment");
    assertThat(service.decide("u2", "home", 1, true, Fixtures::input).ads()).hasSize(1);
  }

  @Test
  void eachFrequencyCap() {
    int[][] limits = {{1, 5, 5, 5}, {5, 1, 5, 5}, {5, 5, 1, 5}, {5, 5, 5, 1}};
    String[] codes = {"cap_ad_hour", "cap_ad_day", "cap_campaign_hour", "cap_campaign_day"};
    for (int i = 0; i < limits.length; i++) {
      Fixtures.Inventory own = new Fixtures.Inventory();
      Campaign c =
          Fixtures.withCaps(
              Fixtures.campaign("c", "100", "1000"),
              new FrequencyCaps(limits[i][0], limits[i][1], limits[i][2], limits[i][3]));
      own.add(c)
          .add(Fixtures.ad("a", "c", BidType.CPC, "1"))
          .add(Fixtures.ad("b", "c", BidType.CPC, "0.5"));
      AdLedger l = new AdLedger(new Pacing(Duration.ofHours(1)));
      DecisionService s = new DecisionService(() -> own, l, new CtrModel(0.01, 100), clock, 7L);
      // the first impression goes to a; then a's own caps (or the campaign's) decide
      assertThat(s.decide("u1", "home", 1, false, Fixtures::input).ads()).hasSize(1);
      if (i >= 2) {
        // campaign caps: one impression of the campaign blocks both ads
        Decision d = s.decide("u1", "home", 1, false, Fixtures::input);
        assertThat(d.ads()).as(codes[i]).isEmpty();
        assertThat(d.rejected()).as(codes[i]).containsEntry(codes[i], 2);
      } else {
        // ad caps: a is capped, b still serves
        Decision d = s.decide("u1", "home", 1, false, Fixtures::input);
        assertThat(d.ads()).extracting(x -> x.ad().id()).as(codes[i]).containsExactly("b");
        assertThat(d.rejected()).as(codes[i]).containsEntry(codes[i], 1);
      }
      assertThat(s.check("u1", "a", Fixtures::input).eligible()).as(codes[i]).isFalse();
    }
  }

  @Test
  void hourCapsFreeUpAfterAnHourAndDayCapsAfterADay() {
    Campaign c =
        Fixtures.withCaps(Fixtures.campaign("c", "100", "1000"), new FrequencyCaps(1, 2, 5, 5));
    inv.add(c).add(Fixtures.ad("a", "c", BidType.CPC, "1"));
    assertThat(decide().ads()).hasSize(1);
    assertThat(decide().ads()).isEmpty();
    clock.advance(Duration.ofMinutes(61));
    assertThat(decide().ads()).hasSize(1);
    clock.advance(Duration.ofMinutes(61));
    assertThat(decide().rejected()).containsKey("cap_ad_day");
    clock.advance(Duration.ofHours(23));
    assertThat(decide().ads()).hasSize(1);
  }

  @Test
  void noAdForThePlacementSaysSo() {
    Decision d = service.decide("u1", "footer", 1, true, Fixtures::input);
    assertThat(d.ads()).isEmpty();
    assertThat(d.reasons()).containsExactly("no ad is set up for placement footer");
  }

  private void assertRejected(String code, String sentence) {
    Decision d = decide();
    assertThat(d.ads()).isEmpty();
    assertThat(d.rejected()).containsExactly(Map.entry(code, 1));
    assertThat(d.reasons()).containsExactly("1 ad(s): " + sentence);
    Eligibility e = service.check("u1", "a", Fixtures::input);
    assertThat(e.eligible()).isFalse();
    assertThat(e.reasons().get(0)).isEqualTo(sentence);
    Ad a = inv.ad("a");
    assertThat(ledger.adCounts(a.id())[0]).isZero();
  }
}
