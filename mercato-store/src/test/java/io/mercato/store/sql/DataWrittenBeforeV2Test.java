package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Campaign;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by the code before automation rules (schema version 1) still loads once
 * migrated: its campaigns come back with no tags, and the new tables are there.
 */
class DataWrittenBeforeV2Test {
  @TempDir Path dataDir;

  @Test
  void aVersion1DatabaseMigratesAndItsCampaignsLoadWithoutTags() throws Exception {
    String url = Database.embeddedUrl(dataDir);
    Flyway.configure()
        .dataSource(url, "", "")
        .locations("classpath:io/mercato/store/sql/migration")
        .table("mercato_schema_history")
        .target("1")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO campaigns (id, name, starts_at, ends_at, time_zone, status, currency, total_budget, "
              + "daily_budget, discount_kind, discount_value, segment, goal_participants, goal_revenue, goal_conversions, "
              + "cap_ad_per_hour, cap_ad_per_day, cap_campaign_per_hour, cap_campaign_per_day, updated_at) VALUES ("
              + "'old', 'Old campaign', TIMESTAMP WITH TIME ZONE '2026-03-01 00:00:00+00', "
              + "TIMESTAMP WITH TIME ZONE '2026-04-01 00:00:00+00', 'UTC', 'active', 'EUR', 1000, 100, 'percent', 10, NULL, "
              + "NULL, NULL, NULL, 3, 10, 6, 20, TIMESTAMP WITH TIME ZONE '2026-02-01 00:00:00+00')");
    }
    try (Database db = Database.open(DatabaseConfig.defaults(), dataDir)) {
      Campaign old = new JdbcCampaignRepository(db).campaign("old").orElseThrow();
      assertThat(old.tags()).isEmpty();
      assertThat(old.discount().value()).isEqualByComparingTo("10");
      assertThat(new JdbcRuleStore(db).latestRules()).isEmpty();
      assertThat(new JdbcChangeLog(db).entry(1)).isEmpty();
    }
  }
}
