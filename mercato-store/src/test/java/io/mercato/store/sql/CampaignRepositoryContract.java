package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignHasAdsException;
import io.mercato.core.ads.CampaignRepository;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.UnknownCampaignException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CampaignRepository} must do, run against each database ({@code
 * H2CampaignRepositoryTest}, {@code PostgresCampaignRepositoryIT}): round trips of every field,
 * replacement, id order, the referential rules, and durability across a reopen.
 */
abstract class CampaignRepositoryContract {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant END = Instant.parse("2026-04-01T00:00:00Z");

  protected CampaignRepository repo;

  /** A repository on a fresh, empty database. */
  protected abstract CampaignRepository openFresh();

  /** Closes the current repository and opens another on the same database. */
  protected abstract CampaignRepository reopen();

  @BeforeEach
  void open() {
    repo = openFresh();
  }

  @AfterEach
  void close() {
    repo.close();
  }

  static Campaign full(String id) {
    return new Campaign(
        id,
        "Spring sale ☀",
        START,
        END,
        ZoneId.of("Europe/Rome"),
        CampaignStatus.ACTIVE,
        "EUR",
        new BigDecimal("99999999999999.999999"),
        new BigDecimal("0.000001"),
        new Discount(Discount.Kind.PERCENT, new BigDecimal("12.5")),
        "profile.affinity[\"sports\"] > 0.3 && !profile.purchased('p-9')",
        new CampaignGoals(5000L, new BigDecimal("50000.5"), 400L),
        new FrequencyCaps(2, 8, 4, 12),
        Instant.parse("2026-02-20T10:15:30.123Z").toEpochMilli());
  }

  static Campaign minimal(String id) {
    return new Campaign(
        id,
        "Minimal",
        START,
        END,
        ZoneId.of("UTC"),
        CampaignStatus.DRAFT,
        "USD",
        new BigDecimal("1000"),
        new BigDecimal("100"),
        null,
        null,
        CampaignGoals.NONE,
        FrequencyCaps.DEFAULTS,
        1L);
  }

  static Ad ad(String id, String campaignId, String... placements) {
    return new Ad(
        id,
        campaignId,
        new Creative("15% off", "https://cdn.example/" + id + ".png", "https://shop.example/sale"),
        "sports",
        Set.of(placements),
        new Bid(BidType.CPC, new BigDecimal("0.4")),
        AdStatus.ACTIVE,
        2L);
  }

  @Test
  void aCampaignRoundTripsEveryField() {
    repo.putCampaign(full("spring-sale"));
    repo.putCampaign(minimal("plain"));
    assertThat(repo.campaign("spring-sale")).contains(full("spring-sale"));
    assertThat(repo.campaign("plain")).contains(minimal("plain"));
    assertThat(repo.campaign("nope")).isEmpty();
  }

  @Test
  void putReplacesTheWholeCampaign() {
    repo.putCampaign(full("c"));
    Campaign replaced = minimal("c");
    repo.putCampaign(replaced);
    assertThat(repo.campaign("c")).contains(replaced);
    assertThat(repo.campaigns()).containsExactly(replaced);
  }

  @Test
  void campaignsAreListedInIdOrderWhateverTheCollation() {
    for (String id : List.of("b", "a", "B", "ä", "a-1", "A")) {
      repo.putCampaign(minimal(id));
    }
    assertThat(repo.campaigns())
        .extracting(Campaign::id)
        .containsExactly("A", "B", "a", "a-1", "b", "ä");
  }

  @Test
  void anAdRoundTripsWithItsPlacementsAndIsReplacedWhole() {
    repo.putCampaign(minimal("c"));
    Ad first = ad("ad-1", "c", "home", "sidebar");
    repo.putAd(first);
    assertThat(repo.ad("ad-1")).contains(first);
    Ad replaced =
        new Ad(
            "ad-1",
            "c",
            new Creative("New", null, "http://x.example/"),
            null,
            Set.of("footer"),
            new Bid(BidType.CPM, new BigDecimal("2.5")),
            AdStatus.PAUSED,
            3L);
    repo.putAd(replaced);
    assertThat(repo.ad("ad-1")).contains(replaced);
    assertThat(repo.ad("nope")).isEmpty();
  }

  @Test
  void adsAreListedInIdOrderAllOrByCampaign() {
    repo.putCampaign(minimal("c1"));
    repo.putCampaign(minimal("c2"));
    repo.putAd(ad("z", "c1", "home"));
    repo.putAd(ad("m", "c2", "home"));
    repo.putAd(ad("a", "c1", "sidebar", "home"));
    assertThat(repo.ads()).extracting(Ad::id).containsExactly("a", "m", "z");
    assertThat(repo.adsOf("c1"))
        .containsExactly(ad("a", "c1", "sidebar", "home"), ad("z", "c1", "home"));
    assertThat(repo.adsOf("c2")).extracting(Ad::id).containsExactly("m");
    assertThat(repo.adsOf("nope")).isEmpty();
  }

  @Test
  void anAdOfAnUnknownCampaignIsRefusedAndNothingIsStored() {
    assertThatThrownBy(() -> repo.putAd(ad("ad-1", "ghost", "home")))
        .isInstanceOf(UnknownCampaignException.class)
        .hasMessageContaining("\"ghost\"");
    assertThat(repo.ad("ad-1")).isEmpty();
    assertThat(repo.ads()).isEmpty();
  }

  @Test
  void aCampaignWithAdsCannotBeDeleted() {
    repo.putCampaign(minimal("c"));
    repo.putAd(ad("ad-2", "c", "home"));
    repo.putAd(ad("ad-1", "c", "home"));
    assertThatThrownBy(() -> repo.deleteCampaign("c"))
        .isInstanceOf(CampaignHasAdsException.class)
        .satisfies(
            e -> assertThat(((CampaignHasAdsException) e).adIds()).containsExactly("ad-1", "ad-2"));
    assertThat(repo.campaign("c")).isPresent();
    assertThat(repo.deleteAd("ad-1")).isTrue();
    assertThat(repo.deleteAd("ad-1")).isFalse();
    assertThat(repo.deleteAd("ad-2")).isTrue();
    assertThat(repo.deleteCampaign("c")).isTrue();
    assertThat(repo.deleteCampaign("c")).isFalse();
    assertThat(repo.campaigns()).isEmpty();
  }

  @Test
  void aDeletedAdCanBeCreatedAgainWithOtherPlacements() {
    repo.putCampaign(minimal("c"));
    repo.putAd(ad("ad-1", "c", "home", "sidebar"));
    repo.deleteAd("ad-1");
    repo.putAd(ad("ad-1", "c", "footer"));
    assertThat(repo.ad("ad-1"))
        .hasValueSatisfying(a -> assertThat(a.placements()).containsExactly("footer"));
  }

  @Test
  void everythingSurvivesAReopen() {
    repo.putCampaign(full("c"));
    repo.putAd(ad("ad-1", "c", "home"));
    repo = reopen();
    assertThat(repo.campaigns()).containsExactly(full("c"));
    assertThat(repo.ads()).containsExactly(ad("ad-1", "c", "home"));
  }

  @Test
  void concurrentWritersEachGetTheirCampaignIn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "c-" + (i % 20); // every id written twice, possibly at the same time
        writes.add(pool.submit(() -> repo.putCampaign(minimal(id))));
      }
      for (Future<?> f : writes) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(repo.campaigns()).hasSize(20);
  }
}
