package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.event.Event;
import io.mercato.core.io.CorruptDataException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The per-campaign aggregate both runtimes keep: apply, merge in any partitioning, pinned binary form. */
class CampaignStatsTest {
  private static final String[] TYPES = {
    "impression",
    "impression",
    "impression",
    "ad_click",
    "conversion",
    "purchase",
    "campaign_join",
    "view"
  };
  private final Campaign c = Fixtures.campaign("c", "50", "1000");
  private final Fixtures.Inventory inv =
      new Fixtures.Inventory()
          .add(c)
          .add(Fixtures.ad("cpm", "c", BidType.CPM, "3.5"))
          .add(Fixtures.ad("cpc", "c", BidType.CPC, "0.25"));

  @Test
  void applyCountsChargesAndKeepsCtrCountsPerAdAndCategory() {
    CampaignStats s = new CampaignStats("c");
    long t = T0.toEpochMilli();
    s.apply(Fixtures.event("1", "impression", "u1", "cpm", "c", null, t), inv);
    s.apply(Fixtures.event("2", "impression", "u2", "cpc", "c", null, t + 1), inv);
    s.apply(Fixtures.event("3", "ad_click", "u2", "cpc", "c", null, t + 2), inv);
    s.apply(Fixtures.event("4", "purchase", "u2", null, "c", 12.5, t + 3), inv);

    assertThat(s.totals())
        .isEqualTo(
            new CampaignTotals(
                2, 1, 1, new BigDecimal("12.5"), new BigDecimal("0.2535"), BigDecimal.ZERO));
    assertThat(s.adCounts("cpc")).containsExactly(1, 1);
    assertThat(s.adCounts("cpm")).containsExactly(1, 0);
    assertThat(s.adCounts()).containsExactly(2, 1);
    assertThat(s.categoryCounts(inv.ad("cpc").category())).containsExactly(2, 1);
    assertThat(s.participants()).isEqualTo(2);
    assertThat(s.unreservedSpendMicros(c.dayOf(T0).toEpochDay())).containsExactly(253_500, 253_500);
  }

  /**
   * Regression (found by the fuzz suite): a purchase of value 1e13 naming any campaign threw
   * ArithmeticException while the engine applied it, after journaling it: the engine failed, and every
   * restart failed again replaying it. Values are any finite number, so revenue saturates instead.
   */
  @Test
  void revenueBeyondTheRangeOfMicrosSaturatesInsteadOfThrowing() {
    CampaignStats s = new CampaignStats("c");
    long t = T0.toEpochMilli();
    s.apply(Fixtures.event("1", "purchase", "u1", null, "c", 1e13, t), inv);
    s.apply(Fixtures.event("2", "conversion", "u2", null, "c", Double.MAX_VALUE, t + 1), inv);
    BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE, 6);
    assertThat(s.totals().revenue()).isEqualByComparingTo(max);
    assertThat(s.totals().conversions()).isEqualTo(2);
    assertThat(s.window(t - 60_000, t + 60_000).revenue()).isEqualByComparingTo(max);

    CampaignStats negative = new CampaignStats("c");
    negative.apply(Fixtures.event("3", "purchase", "u3", null, "c", -Double.MAX_VALUE, t), inv);
    negative.apply(Fixtures.event("4", "purchase", "u3", null, "c", -1e13, t), inv);
    assertThat(negative.totals().revenue())
        .isEqualByComparingTo(BigDecimal.valueOf(Long.MIN_VALUE, 6));
  }

  /**
   * Regression (found by the fuzz suite): budgets and bids are accepted below 10^14, but micros of
   * 10^14 overflow a long; the conversion threw while an impression or click was applied, which failed
   * the engine and every recovery after it, and every decision of the campaign answered 500.
   */
  @Test
  void budgetsAndBidsBeyondTheRangeOfMicrosSaturateInsteadOfThrowing() {
    Campaign big = Fixtures.campaign("big", "99999999999999", "99999999999999");
    Fixtures.Inventory inventory =
        new Fixtures.Inventory()
            .add(big)
            .add(Fixtures.ad("cpc", "big", BidType.CPC, "99999999999999"))
            .add(Fixtures.ad("cpm", "big", BidType.CPM, "99999999999999"));
    CampaignStats s = new CampaignStats("big");
    long t = T0.toEpochMilli();
    for (int i = 0; i < 3; i++) {
      s.apply(Fixtures.event("k" + i, "ad_click", "u1", "cpc", "big", null, t + i), inventory);
      s.apply(Fixtures.event("i" + i, "impression", "u1", "cpm", "big", null, t + i), inventory);
    }
    BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE, 6);
    assertThat(s.totals().clicks()).isEqualTo(3);
    assertThat(s.totals().impressions()).isEqualTo(3);
    assertThat(s.totals().spend())
        .as("charged up to the budget, saturated")
        .isEqualByComparingTo(max);
    assertThat(s.totals().overdelivery()).isEqualByComparingTo(max);
    long allowance = new Pacing(Duration.ofHours(1)).allowanceMicros(big, T0);
    assertThat(allowance).isPositive();
    assertThat(s.tryServe(big.dayOf(T0).toEpochDay(), t, Long.MAX_VALUE, allowance, Long.MAX_VALUE))
        .as("nothing is left to serve with")
        .isFalse();
    assertThat(s.totals().impressions()).isEqualTo(3);
  }

  @Test
  void decisionImpressionsAreNotUnreservedSpend() {
    CampaignStats s = new CampaignStats("c");
    Event served =
        new Event(
            "d-1",
            false,
            "impression",
            "u1",
            null,
            "cpm",
            "c",
            null,
            null,
            T0.toEpochMilli(),
            Map.of(CampaignStats.DECISION_ATTRIBUTE, "dec-1"));
    s.apply(served, inv);
    assertThat(s.spendMicros()).isEqualTo(3_500);
    assertThat(s.unreservedSpendMicros(c.dayOf(T0).toEpochDay())).containsExactly(0, 0);
  }

  @Test
  void anEventNamingOnlyItsAdCountsTowardTheAdsCampaign() {
    Event click = Fixtures.event("1", "ad_click", "u1", "cpc", null, null, T0.toEpochMilli());
    assertThat(CampaignStats.campaignOf(click, inv)).isEqualTo("c");
    Event view = Fixtures.event("2", "view", "u1", "cpc", null, null, T0.toEpochMilli());
    assertThat(CampaignStats.campaignOf(view, inv)).isNull();
    assertThat(
            CampaignStats.campaignOf(
                Fixtures.event("3", "ad_click", "u1", "gone", null, null, 0), inv))
        .isNull();
  }

  @Test
  void chargesStopAtTheDailyBudgetAndTheRestIsOverdelivery() {
    CampaignStats s = new CampaignStats("c");
    for (int i = 0; i < 201; i++) { // 201 clicks at 0.25 against a daily budget of 50
      s.apply(
          Fixtures.event("k" + i, "ad_click", "u" + i, "cpc", "c", null, T0.toEpochMilli() + i),
          inv);
    }
    assertThat(s.totals().spend()).isEqualByComparingTo("50");
    assertThat(s.totals().overdelivery()).isEqualByComparingTo("0.25");
  }

  @Test
  void mergingPartitionsInAnyOrderEqualsApplyingEverythingToOne() {
    List<Event> events = randomEvents(3_000, 5);
    CampaignStats all = new CampaignStats("c");
    events.forEach(e -> all.apply(e, inv));
    // partition by user, as a stream job keyed by anything but the campaign would
    CampaignStats[] parts = {
      new CampaignStats("c"), new CampaignStats("c"), new CampaignStats("c")
    };
    for (Event e : events) {
      parts[Math.floorMod(e.userId().hashCode(), 3)].apply(e, inv);
    }
    CampaignStats forward = new CampaignStats("c");
    CampaignStats backward = new CampaignStats("c");
    for (int i = 0; i < 3; i++) {
      forward.merge(parts[i]);
      backward.merge(parts[2 - i]);
    }
    for (CampaignStats merged : List.of(forward, backward)) {
      assertThat(merged.totals().impressions()).isEqualTo(all.totals().impressions());
      assertThat(merged.totals().clicks()).isEqualTo(all.totals().clicks());
      assertThat(merged.totals().conversions()).isEqualTo(all.totals().conversions());
      assertThat(merged.totals().revenue()).isEqualTo(all.totals().revenue());
      assertThat(merged.adCounts("cpm")).isEqualTo(all.adCounts("cpm"));
      assertThat(merged.adCounts("cpc")).isEqualTo(all.adCounts("cpc"));
      // an HLL union estimates with another estimator than the sketch it was fed into: within 3 ×
      // 1.6%
      assertThat((double) merged.participants())
          .isCloseTo(all.participants(), Percentage.withPercentage(5));
      long to = T0.plus(Duration.ofHours(30)).toEpochMilli();
      assertThat(
              merged.series(to - 86_400_000L, to, true).stream()
                  .map(p -> p.totals().impressions())
                  .toList())
          .isEqualTo(
              all.series(to - 86_400_000L, to, true).stream()
                  .map(p -> p.totals().impressions())
                  .toList());
    }
    assertThatThrownBy(() -> forward.merge(new CampaignStats("other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("campaign other into c");
  }

  @Test
  void binaryFormRoundTripsAndCopiesAreIndependent() {
    CampaignStats s = new CampaignStats("c");
    randomEvents(2_000, 9).forEach(e -> s.apply(e, inv));
    byte[] bytes = s.toByteArray();
    CampaignStats back = CampaignStats.fromByteArray(bytes);
    assertThat(back.toByteArray()).isEqualTo(bytes);
    back.apply(Fixtures.event("x", "impression", "u1", "cpm", "c", null, T0.toEpochMilli()), inv);
    assertThat(s.toByteArray()).isEqualTo(bytes);
    assertThatThrownBy(() -> CampaignStats.fromByteArray(new byte[] {9}))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
  }

  /** The v1 form is what Redis and Flink state hold: a change must bump the version, not alter these bytes. */
  @Test
  void versionOneBytesArePinned() {
    CampaignStats s = new CampaignStats("c");
    s.apply(Fixtures.event("1", "impression", "u1", "cpm", "c", null, T0.toEpochMilli()), inv);
    s.apply(
        Fixtures.event("2", "ad_click", "u1", "cpc", "c", null, T0.toEpochMilli() + 60_000), inv);
    String hex = HexFormat.of().formatHex(s.toByteArray());
    assertThat(hex).startsWith("01" + "0163" + "01" + "01" + "00");
    assertThat(hex).isEqualTo(PINNED);
    assertThat(CampaignStats.fromByteArray(HexFormat.of().parseHex(PINNED)).totals())
        .isEqualTo(s.totals());
  }

  private static final String PINNED =
      "0101630101000000000000000000bcbc0f00000000000000512dbcbc0fbcbc0fbcbc0f00000000000000010000000000"
          + "0000010000000203637063000000000000000000000000000000010363706d0000000000000001000000000000000000"
          + "0000010673706f72747300000000000000010000000000000001000000020000000001c89d2000000000000000010000"
          + "000000000000000000000000000000000000000000000000000000000dac0000000001c89d2100000000000000000000"
          + "00000000000100000000000000000000000000000000000000000003d090000000010000000000079c38000000000000"
          + "0001000000000000000100000000000000000000000000000000000000000003de3c0c0201070c03080100fce74a07";

  private List<Event> randomEvents(int n, long seed) {
    Random random = new Random(seed);
    List<Event> events = new ArrayList<>();
    Instant start = T0.plus(Duration.ofHours(2));
    for (int i = 0; i < n; i++) {
      long t =
          start.toEpochMilli() + (long) (random.nextDouble() * Duration.ofHours(26).toMillis());
      String type = TYPES[random.nextInt(TYPES.length)];
      Double value =
          type.equals("purchase") || type.equals("conversion")
              ? Math.round(random.nextDouble() * 10_000) / 100.0
              : null;
      events.add(
          Fixtures.event(
              "e" + i,
              type,
              "u" + random.nextInt(400),
              random.nextBoolean() ? "cpm" : "cpc",
              "c",
              value,
              t));
    }
    return events;
  }
}
