package io.mercato.flink.it;

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
import io.mercato.flink.ads.JdbcCampaignDefinitions;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.DatabaseConfig;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.mercato.synthetic.Catalog;
import io.mercato.synthetic.SyntheticTraffic;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * The campaigns and ads of the conformance stream's synthetic catalog, written to an H2 file database:
 * odd ads bid per click (0.30), even ads per thousand impressions (2.50); one campaign in New York
 * time. Budgets are far above what the stream spends, so no charge is capped: capping depends on the
 * order events of different users reach a campaign, which a parallel job does not fix.
 */
final class CampaignFixture {
  private CampaignFixture() {}

  /** Writes the definitions of the catalog of {@code seed} and returns the database to read them from. */
  static DatabaseConfig write(Path dir, long seed) {
    DatabaseConfig cfg =
        new DatabaseConfig("jdbc:h2:file:" + dir.resolve("campaigns").toAbsolutePath(), "", "", 2);
    Catalog catalog =
        SyntheticTraffic.builder().seed(seed).items(300).categories(8).users(300).build().catalog();
    try (Database db = Database.open(cfg, dir)) {
      JdbcCampaignRepository repo = new JdbcCampaignRepository(db);
      int n = 0;
      for (Catalog.Campaign c : catalog.campaigns()) {
        ZoneId zone = n++ == 1 ? ZoneId.of("America/New_York") : ZoneId.of("UTC");
        repo.putCampaign(
            new Campaign(
                c.id(),
                "Campaign " + c.id(),
                Harness.START.minus(Duration.ofDays(30)),
                Harness.START.plus(Duration.ofDays(60)),
                zone,
                CampaignStatus.ACTIVE,
                "EUR",
                new BigDecimal("1000000"),
                new BigDecimal("100000"),
                null,
                null,
                CampaignGoals.NONE,
                FrequencyCaps.DEFAULTS,
                0));
        for (Catalog.Ad a : c.ads()) {
          boolean cpc = Integer.parseInt(a.id().substring(3)) % 2 == 1;
          repo.putAd(
              new Ad(
                  a.id(),
                  c.id(),
                  new Creative("Ad " + a.id(), null, "https://example.com/" + a.id()),
                  a.category(),
                  Set.of("home"),
                  new Bid(cpc ? BidType.CPC : BidType.CPM, new BigDecimal(cpc ? "0.30" : "2.50")),
                  AdStatus.ACTIVE,
                  0));
        }
      }
    }
    return cfg;
  }

  /** The definitions in {@code db}, as the job reads them. */
  static AdInventory inventory(DatabaseConfig db) {
    try (var loader = new JdbcCampaignDefinitions(db).open()) {
      return loader.load();
    }
  }
}
