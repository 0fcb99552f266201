package io.mercato.store.sql;

import io.mercato.core.ads.CampaignRepository;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository contract on a real PostgreSQL server, in a database of its own (see
 * {@link PostgresTestDatabase}): every test starts from empty tables.
 */
class PostgresCampaignRepositoryIT extends CampaignRepositoryContract {
  private static PostgresTestDatabase pg;

  @TempDir Path unused;

  @BeforeAll
  static void createDatabase() {
    pg = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  protected CampaignRepository openFresh() {
    Database db = Database.open(pg.config(), unused);
    try (var con = db.connection();
        var s = con.createStatement()) {
      s.execute("DELETE FROM ad_placements");
      s.execute("DELETE FROM ads");
      s.execute("DELETE FROM campaigns");
    } catch (SQLException e) {
      db.close();
      throw new IllegalStateException(e);
    }
    return new JdbcCampaignRepository(db);
  }

  @Override
  protected CampaignRepository reopen() {
    repo.close();
    return new JdbcCampaignRepository(Database.open(pg.config(), unused));
  }
}
