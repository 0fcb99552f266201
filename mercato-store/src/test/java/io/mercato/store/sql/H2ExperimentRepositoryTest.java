package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.experiment.ExperimentRepository;
import io.mercato.core.experiment.ExperimentStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment repository contract on the embedded H2 file database, as {@code serve} uses it by default. */
class H2ExperimentRepositoryTest extends ExperimentRepositoryContract {
  @TempDir Path dataDir;

  @Override
  protected ExperimentRepository openFresh() {
    return new JdbcExperimentRepository(Database.open(DatabaseConfig.defaults(), dataDir));
  }

  @Override
  protected ExperimentRepository reopen() {
    repo.close();
    return openFresh();
  }

  @Test
  void experimentsAndCampaignsShareTheDatabase() {
    repo.put(full("x", 1));
    repo.close();
    try (JdbcCampaignRepository campaigns =
        new JdbcCampaignRepository(Database.open(DatabaseConfig.defaults(), dataDir))) {
      campaigns.putCampaign(CampaignRepositoryContract.minimal("c"));
    }
    repo = openFresh();
    assertThat(repo.latest("x")).contains(full("x", 1));
  }

  @Test
  void aStoredRowThatDoesNotLoadIsAStoreErrorNamingIt() throws Exception {
    repo.close();
    Database db = Database.open(DatabaseConfig.defaults(), dataDir);
    try (Connection con = db.connection();
        PreparedStatement ps =
            con.prepareStatement(
                "INSERT INTO experiment_versions (experiment_key, version, definition, updated_at) VALUES ('bad', 1, '{}', ?)")) {
      ps.setObject(1, OffsetDateTime.parse("2026-01-01T00:00:00Z"));
      ps.executeUpdate();
    }
    repo = new JdbcExperimentRepository(db);
    assertThatThrownBy(() -> repo.latest("bad"))
        .isInstanceOf(ExperimentStoreException.class)
        .hasMessageContaining("\"bad\" version 1")
        .hasMessageContaining("does not load");
  }
}
