package io.mercato.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.AdLedger;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.core.event.Event;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.store.redis.RedisStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Requires that the campaign statistics the Flink job wrote to Redis answer like the embedded
 * engine's {@link AdLedger} fed the same records: for every campaign, the KPIs over several windows
 * (totals, spend, over-delivery, window sums, per-minute and hourly series, participants, budget
 * left), the impressions and clicks of each ad, of each category and of the campaign, and the spend
 * not reserved by decisions.
 */
final class AdsConformance {
  private AdsConformance() {}

  /** Why KPI rates were null in the windows compared (equal in both runtimes), with how often. */
  static final Map<String, Integer> NULL_REASONS = new TreeMap<>();

  /**
   * Compares every campaign the events name or the inventory defines; returns how many were compared.
   * Tallies the KPIs' null reasons in {@link #NULL_REASONS}.
   */
  static int assertSame(
      AdLedger ledger,
      RedisStateStore redis,
      AdInventory inventory,
      List<Event> events,
      long nowMillis) {
    TreeSet<String> campaigns = new TreeSet<>();
    inventory.campaigns().forEach(c -> campaigns.add(c.id()));
    events.forEach(
        e -> {
          String id = CampaignStats.campaignOf(e, inventory);
          if (id != null) {
            campaigns.add(id);
          }
        });
    Instant now = Instant.ofEpochMilli(nowMillis);
    int compared = 0;
    for (String id : campaigns) {
      CampaignStats expected = ledger.stats(id);
      Optional<byte[]> bytes = redis.readState(new StateKey(StateKind.CAMPAIGN_ADS, id));
      if (expected.totals().impressions()
                  + expected.totals().clicks()
                  + expected.totals().conversions()
              == 0
          && expected.participants() == 0) {
        assertThat(bytes)
            .as("campaign %s has no statistics in the engine, nor in Redis", id)
            .isEmpty();
        continue;
      }
      assertThat(bytes).as("campaign statistics of %s in Redis", id).isPresent();
      CampaignStats actual = CampaignStats.fromByteArray(bytes.get());
      String what = "campaign " + id;
      assertThat(actual.totals()).as("%s totals", what).isEqualTo(expected.totals());
      assertThat(actual.participants())
          .as("%s participants", what)
          .isEqualTo(expected.participants());
      assertThat(actual.adCounts()).as("%s ad counts", what).isEqualTo(expected.adCounts());
      assertThat(actual.adIds()).as("%s ads with counts", what).isEqualTo(expected.adIds());
      for (String ad : expected.adIds()) {
        assertThat(actual.adCounts(ad))
            .as("%s ad %s impressions and clicks", what, ad)
            .isEqualTo(expected.adCounts(ad));
      }
      for (Event e : events) {
        if (e.category() != null) {
          assertThat(actual.categoryCounts(e.category()))
              .as("%s category %s", what, e.category())
              .isEqualTo(expected.categoryCounts(e.category()));
        }
      }
      Campaign c = inventory.campaign(id);
      if (c != null) {
        for (Duration w :
            List.of(
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofHours(24),
                Duration.ofDays(7))) {
          CampaignKpis kpis = CampaignKpis.of(c, expected, now, w.toString(), w, -1);
          assertThat(CampaignKpis.of(c, actual, now, w.toString(), w, -1))
              .as("%s KPIs over %s", what, w)
              .isEqualTo(kpis);
          kpis.nullReasons()
              .forEach((rate, reason) -> NULL_REASONS.merge(rate + " " + reason, 1, Integer::sum));
        }
        long day = c.dayOf(now).toEpochDay();
        assertThat(actual.unreservedSpendMicros(day))
            .as("%s unreserved spend", what)
            .isEqualTo(expected.unreservedSpendMicros(day));
      }
      compared++;
    }
    return compared;
  }
}
