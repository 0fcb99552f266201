package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** KPI numbers equal a brute-force recomputation from the same events; the ledger survives its binary form. */
class KpiBruteForceTest {
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

  @Test
  void windowTotalsSeriesAndGoalsMatchABruteForceRecount() {
    Campaign base = Fixtures.campaign("c", "100000", "1000000");
    Campaign c =
        new Campaign(
            "c",
            "C",
            base.start(),
            base.end(),
            base.timeZone(),
            base.status(),
            "EUR",
            base.totalBudget(),
            base.dailyBudget(),
            null,
            null,
            new CampaignGoals(500L, new BigDecimal("10000"), 50L),
            base.caps(),
            0);
    Fixtures.Inventory inv =
        new Fixtures.Inventory()
            .add(c)
            .add(Fixtures.ad("cpm", "c", BidType.CPM, "3.5"))
            .add(Fixtures.ad("cpc", "c", BidType.CPC, "0.25"));
    Random random = new Random(11);
    Instant now = T0.plus(Duration.ofHours(20)).plusMillis(12_345);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long t = now.toEpochMilli() - (long) (random.nextDouble() * Duration.ofHours(30).toMillis());
      String type = TYPES[random.nextInt(TYPES.length)];
      String ad = random.nextBoolean() ? "cpm" : "cpc";
      Double value =
          type.equals("purchase") || type.equals("conversion")
              ? Math.round(random.nextDouble() * 10_000) / 100.0
              : null;
      String campaign = random.nextInt(10) == 0 ? "other" : "c";
      events.add(Fixtures.event("e" + i, type, "u" + random.nextInt(800), ad, campaign, value, t));
    }
    AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(1)));
    events.forEach(e -> ledger.apply(e, inv)); // out of order, as events arrive

    for (Duration window :
        new Duration[] {Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(24)}) {
      CampaignKpis k = CampaignKpis.of(c, ledger, now, window.toString(), window, -1);
      long fromMinute = Math.floorDiv(now.toEpochMilli(), 60_000L) - window.toMinutes() + 1;
      long imps = 0;
      long clicks = 0;
      long conv = 0;
      BigDecimal revenue = BigDecimal.ZERO;
      BigDecimal spend = BigDecimal.ZERO;
      for (Event e : events) {
        long minute = Math.floorDiv(e.timestampMillis(), 60_000L);
        if (!e.campaignId().equals("c")
            || minute < fromMinute
            || e.timestampMillis() > now.toEpochMilli()) {
          continue;
        }
        switch (e.type()) {
          case "impression" -> {
            imps++;
            spend = spend.add(e.adId().equals("cpm") ? new BigDecimal("0.0035") : BigDecimal.ZERO);
          }
          case "ad_click" -> {
            clicks++;
            spend = spend.add(e.adId().equals("cpc") ? new BigDecimal("0.25") : BigDecimal.ZERO);
          }
          case "conversion", "purchase" -> {
            conv++;
            revenue = revenue.add(BigDecimal.valueOf(e.value()));
          }
          default -> {}
        }
      }
      assertThat(k.window().impressions()).as(window.toString()).isEqualTo(imps);
      assertThat(k.window().clicks()).as(window.toString()).isEqualTo(clicks);
      assertThat(k.window().conversions()).as(window.toString()).isEqualTo(conv);
      assertThat(k.window().revenue()).as(window.toString()).isEqualByComparingTo(revenue);
      assertThat(k.window().spend()).as(window.toString()).isEqualByComparingTo(spend);
      assertThat(k.series()).hasSize((int) window.toMinutes());
      assertThat(k.series().stream().mapToLong(p -> p.totals().impressions()).sum())
          .isEqualTo(imps);
      if (imps > 0) {
        assertThat(k.ctr()).isCloseTo((double) clicks / imps, within(1e-12));
      }
    }
    // all-time totals and goals
    Set<String> people = new HashSet<>();
    long conversions = 0;
    for (Event e : events) {
      if (e.campaignId().equals("c")) {
        people.add(e.userId());
        conversions += e.type().equals("conversion") || e.type().equals("purchase") ? 1 : 0;
      }
    }
    CampaignKpis k = CampaignKpis.of(c, ledger, now, "1h", Duration.ofHours(1), 17);
    assertThat(k.participants()).isEqualTo(17);
    assertThat((double) k.participantsTotal())
        .isCloseTo(people.size(), within(people.size() * 0.05));
    assertThat(k.total().conversions()).isEqualTo(conversions);
    assertThat(k.goals())
        .extracting(CampaignKpis.GoalProgress::goal)
        .containsExactly("participants", "conversions", "revenue");
    assertThat(k.goals().get(1).actual()).isEqualByComparingTo(BigDecimal.valueOf(conversions));
    assertThat(k.goals().get(1).sentence()).startsWith("conversions " + conversions + " of 50 (");

    // the binary form keeps every number
    BinaryWriter w = new BinaryWriter();
    ledger.writeTo(w);
    AdLedger back =
        AdLedger.read(new BinaryReader(w.toByteArray()), new Pacing(Duration.ofHours(1)));
    CampaignKpis again = CampaignKpis.of(c, back, now, "1h", Duration.ofHours(1), 17);
    assertThat(again).isEqualTo(k);
    BinaryWriter w2 = new BinaryWriter();
    back.writeTo(w2);
    assertThat(w2.toByteArray()).isEqualTo(w.toByteArray());
  }

  @Test
  void anImpressionReservedByADecisionIsCountedOnceWhenItsEventArrivesAndCancelUndoesIt() {
    Fixtures.Inventory inv =
        new Fixtures.Inventory()
            .add(Fixtures.campaign("c", "100", "1000"))
            .add(Fixtures.ad("a", "c", BidType.CPM, "2"));
    AdLedger ledger = new AdLedger(new Pacing(Duration.ofHours(24)));
    Instant now = T0.plus(Duration.ofHours(2));
    assertThat(ledger.reserve("u", inv.ad("a"), inv.campaign("c"), now, "dec-1-1"))
        .isEqualTo(CapCheck.OK);
    ledger.apply(
        Fixtures.event("dec-1-1", "impression", "u", "a", "c", null, now.toEpochMilli()), inv);
    assertThat(ledger.totals("c").impressions()).isEqualTo(1);
    assertThat(ledger.totals("c").spend()).isEqualByComparingTo("0.002");
    assertThat(ledger.capUse("u", "a", "c", now)).containsExactly(1, 1, 1, 1);
    assertThat(ledger.reserve("u", inv.ad("a"), inv.campaign("c"), now, "dec-2-1"))
        .isEqualTo(CapCheck.OK);
    ledger.cancel("dec-2-1");
    assertThat(ledger.totals("c").impressions()).isEqualTo(1);
    assertThat(ledger.totals("c").spend()).isEqualByComparingTo("0.002");
    assertThat(ledger.capUse("u", "a", "c", now)).containsExactly(1, 1, 1, 1);
    assertThat(ledger.adCounts("a")[0]).isEqualTo(1);
  }
}
