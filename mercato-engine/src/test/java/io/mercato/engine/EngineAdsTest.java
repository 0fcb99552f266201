package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.event.Event;
import io.mercato.core.time.Window;
import io.mercato.engine.journal.FsyncPolicy;
import io.mercato.engine.journal.JournalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ad decisions through the engine: impressions journaled once, the ledger restored by snapshot and replay. */
class EngineAdsTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  @TempDir Path dir;
  final List<Engine> open = new ArrayList<>();
  final Campaign sale =
      new Campaign(
          "sale",
          "Sale",
          NOW.minus(Duration.ofDays(1)),
          NOW.plus(Duration.ofDays(1)),
          ZoneOffset.UTC,
          CampaignStatus.ACTIVE,
          "EUR",
          new BigDecimal("100"),
          new BigDecimal("50"),
          null,
          null,
          CampaignGoals.NONE,
          new FrequencyCaps(2, 5, 5, 10),
          0);
  final Ad cpc =
      new Ad(
          "cpc",
          "sale",
          new Creative("A", null, "https://x.example/a"),
          "sports",
          Set.of("home"),
          new Bid(BidType.CPC, new BigDecimal("0.30")),
          AdStatus.ACTIVE,
          0);
  final Ad cpm =
      new Ad(
          "cpm",
          "sale",
          new Creative("B", null, "https://x.example/b"),
          "sports",
          Set.of("home"),
          new Bid(BidType.CPM, new BigDecimal("2")),
          AdStatus.ACTIVE,
          0);
  final AdInventory inventory =
      new AdInventory() {
        @Override
        public Collection<Campaign> campaigns() {
          return List.of(sale);
        }

        @Override
        public Campaign campaign(String id) {
          return id.equals("sale") ? sale : null;
        }

        @Override
        public Ad ad(String id) {
          return id.equals("cpc") ? cpc : id.equals("cpm") ? cpm : null;
        }

        @Override
        public List<Ad> adsOf(String campaignId) {
          return campaignId.equals("sale") ? List.of(cpc, cpm) : List.of();
        }

        @Override
        public List<Ad> adsIn(String placement) {
          return placement.equals("home") ? List.of(cpc, cpm) : List.of();
        }

        @Override
        public Segment segmentOf(String campaignId) {
          return null;
        }
      };

  @AfterEach
  void closeAll() {
    open.forEach(Engine::close);
  }

  Engine start() {
    EngineConfig d = EngineConfig.defaults(dir);
    EngineConfig c =
        new EngineConfig(
                dir,
                2,
                100_000,
                new JournalConfig(1 << 16, FsyncPolicy.GROUP, Duration.ofMillis(2), Duration.ZERO),
                new SnapshotConfig(Duration.ofHours(1), 2),
                d.dedup(),
                d.limits(),
                d.stats(),
                d.sampling(),
                d.profile())
            .withAds(AdsConfig.defaults().withSeed(3L));
    Engine e = Engine.start(c, InstantSource.fixed(NOW), new SimpleMeterRegistry(), inventory);
    open.add(e);
    assertThat(e.awaitReady(Duration.ofSeconds(30))).as(() -> e.status().toString()).isTrue();
    return e;
  }

  void stop(Engine e) {
    e.close();
    open.remove(e);
  }

  CampaignKpis kpis(Engine e) {
    return e.ads().kpis(sale, new Window("1h", 3_600_000L, 10_000L));
  }

  @Test
  void decisionsClicksAndConversionsSurviveSnapshotAndReplayWithoutDoubleCounting() {
    Engine e = start();
    for (int u = 0; u < 6; u++) {
      Decision d = e.ads().decide("u" + u, "home", 2, true);
      assertThat(d.ads()).hasSize(2);
    }
    e.ingest(
        List.of(
            new Event(
                "c1",
                false,
                "ad_click",
                "u1",
                null,
                "cpc",
                "sale",
                null,
                null,
                NOW.toEpochMilli(),
                Map.of())));
    e.snapshot();
    // after the snapshot: more decisions, a click and a conversion only the journal holds
    for (int u = 6; u < 9; u++) {
      e.ads().decide("u" + u, "home", 2, true);
    }
    e.ingest(
        List.of(
            new Event(
                "c2",
                false,
                "ad_click",
                "u7",
                null,
                "cpc",
                "sale",
                null,
                null,
                NOW.toEpochMilli(),
                Map.of()),
            new Event(
                "v1",
                false,
                "conversion",
                "u7",
                null,
                null,
                "sale",
                null,
                19.99,
                NOW.toEpochMilli(),
                Map.of())));
    CampaignKpis before = kpis(e);
    assertThat(before.total().impressions()).isEqualTo(18);
    assertThat(before.total().clicks()).isEqualTo(2);
    assertThat(before.total().conversions()).isEqualTo(1);
    // 18 impressions, 9 of them CPM at 0.002, and 2 clicks at 0.30
    assertThat(before.total().spend()).isEqualByComparingTo(new BigDecimal("0.618"));
    assertThat(before.participants()).isEqualTo(9);
    stop(e);

    Engine again = start();
    CampaignKpis after = kpis(again);
    assertThat(after.total()).isEqualTo(before.total());
    assertThat(after.window()).isEqualTo(before.window());
    assertThat(after.series()).isEqualTo(before.series());
    // caps are restored too: u0 saw each ad once; the ad cap is 2 per hour
    assertThat(again.ads().ledger().capUse("u0", "cpc", "sale", NOW)).containsExactly(1, 1, 2, 2);
  }
}
