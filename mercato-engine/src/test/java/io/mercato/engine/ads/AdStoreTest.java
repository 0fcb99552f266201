package io.mercato.engine.ads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignHasAdsException;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.CampaignStoreException;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.UnknownCampaignException;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.time.Windows;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.DatabaseConfig;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ad store over a real H2 database: write-through, atomic inventories, segment caching, rules. */
class AdStoreTest {
  static final SegmentCompiler COMPILER = new SegmentCompiler();
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z"));

  @TempDir Path dir;
  AdStore store;

  AdStore open() {
    return AdStore.open(
        new JdbcCampaignRepository(Database.open(DatabaseConfig.defaults(), dir)),
        COMPILER,
        EventLimits.defaults(),
        CLOCK,
        new SimpleMeterRegistry());
  }

  @BeforeEach
  void start() {
    store = open();
  }

  @AfterEach
  void stop() {
    store.close();
  }

  static Campaign campaign(String id, String segment) {
    return new Campaign(
        id,
        "Campaign " + id,
        Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:00:00Z"),
        ZoneId.of("UTC"),
        CampaignStatus.ACTIVE,
        "EUR",
        new BigDecimal("1000"),
        new BigDecimal("100"),
        null,
        segment,
        CampaignGoals.NONE,
        FrequencyCaps.DEFAULTS,
        1L);
  }

  static Ad ad(String id, String campaignId, String... placements) {
    return new Ad(
        id,
        campaignId,
        new Creative("t", null, "https://shop.example/"),
        null,
        Set.of(placements),
        new Bid(BidType.CPM, new BigDecimal("2")),
        AdStatus.ACTIVE,
        1L);
  }

  static SegmentInput buyer(String item) {
    UserProfile p = new UserProfile(ProfileConfig.defaults(), Windows.defaults());
    return new SegmentInput("u-1", p.view(CLOCK.millis()), Set.of(item));
  }

  @Test
  void aWriteIsVisibleInTheNextInventoryAndNeverInAnEarlierOne() {
    AdInventory before = store.inventory();
    store.putCampaign(campaign("c", null));
    store.putAd(ad("a-1", "c", "home", "sidebar"));
    AdInventory after = store.inventory();
    assertThat(before.campaigns()).isEmpty();
    assertThat(before.ad("a-1")).isNull();
    assertThat(after.campaign("c")).isEqualTo(campaign("c", null));
    assertThat(after.adsOf("c")).containsExactly(ad("a-1", "c", "home", "sidebar"));
    assertThat(after.adsIn("sidebar")).extracting(Ad::id).containsExactly("a-1");
    assertThat(after.adsIn("footer")).isEmpty();
    assertThat(after.segmentOf("c")).as("no segment: everyone").isNull();
  }

  @Test
  void segmentsAreCompiledOncePerConditionAndReusedAcrossVersions() {
    store.putCampaign(campaign("c", "profile.purchased('p-9')"));
    Segment first = store.inventory().segmentOf("c");
    assertThat(first.matches(buyer("p-9"))).isTrue();
    store.putCampaign(campaign("other", null));
    store.putAd(ad("a-1", "c", "home"));
    assertThat(store.inventory().segmentOf("c"))
        .as("unrelated writes keep the compiled segment")
        .isSameAs(first);
    store.putCampaign(campaign("c", "profile.purchased('p-1')"));
    Segment second = store.inventory().segmentOf("c");
    assertThat(second).isNotSameAs(first);
    assertThat(second.matches(buyer("p-9"))).isFalse();
    assertThat(store.segmentsOf(buyer("p-1"))).extracting(Campaign::id).containsExactly("c");
  }

  @Test
  void referentialRulesAreEnforcedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> store.putAd(ad("a-1", "ghost", "home")))
        .isInstanceOf(UnknownCampaignException.class);
    store.putCampaign(campaign("c1", null));
    store.putCampaign(campaign("c2", null));
    store.putAd(ad("a-1", "c1", "home"));
    assertThatThrownBy(() -> store.putAd(ad("a-1", "c2", "home")))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).errors().get(0).field())
                    .isEqualTo("campaign_id"));
    assertThatThrownBy(() -> store.deleteCampaign("c1"))
        .isInstanceOf(CampaignHasAdsException.class);
    assertThat(store.inventory().campaign("c1")).isNotNull();
    assertThat(store.deleteAd("a-1")).isTrue();
    assertThat(store.deleteCampaign("c1")).isTrue();
    assertThat(store.deleteCampaign("c1")).isFalse();
    assertThat(store.inventory().campaigns()).extracting(Campaign::id).containsExactly("c2");
  }

  @Test
  void aFailedWriteChangesNothing() {
    store.putCampaign(campaign("c", null));
    AdInventory before = store.inventory();
    store.close(); // the pool is gone: every database call now fails
    assertThatThrownBy(() -> store.putCampaign(campaign("d", null)))
        .isInstanceOf(CampaignStoreException.class);
    assertThat(store.inventory()).isSameAs(before);
    store = open();
  }

  @Test
  void everythingIsLoadedAgainOnOpenWithSegmentsCompiled() {
    store.putCampaign(campaign("c", "profile.purchased('p-9')"));
    store.putAd(ad("a-1", "c", "home"));
    store.close();
    store = open();
    assertThat(store.inventory().adsIn("home")).extracting(Ad::id).containsExactly("a-1");
    assertThat(store.inventory().segmentOf("c").matches(buyer("p-9"))).isTrue();
  }

  @Test
  void aStoredConditionThatNoLongerCompilesMatchesNobody() {
    store.close();
    try (JdbcCampaignRepository raw =
        new JdbcCampaignRepository(Database.open(DatabaseConfig.defaults(), dir))) {
      raw.putCampaign(
          campaign("c", "profile.loyalty_tier == 'gold'")); // a field this version does not have
    }
    store = open();
    Segment s = store.inventory().segmentOf("c");
    assertThat(s.expression()).isEqualTo("profile.loyalty_tier == 'gold'");
    assertThat(s.matches(buyer("x"))).isFalse();
  }

  @Test
  void anInvalidConditionIsRefusedEvenFromCode() {
    assertThatThrownBy(() -> store.putCampaign(campaign("c", "profile.purchases")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("segment");
    assertThat(store.inventory().campaigns()).isEmpty();
  }
}
