package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.CampaignRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository contract on the embedded H2 file database, as {@code serve} uses it by default. */
class H2CampaignRepositoryTest extends CampaignRepositoryContract {
  @TempDir Path dataDir;

  @Override
  protected CampaignRepository openFresh() {
    return new JdbcCampaignRepository(Database.open(DatabaseConfig.defaults(), dataDir));
  }

  @Override
  protected CampaignRepository reopen() {
    repo.close();
    return openFresh();
  }

  @Test
  void theEmbeddedDatabaseIsAFileUnderTheDataDirectory() {
    repo.putCampaign(minimal("c"));
    assertThat(Files.exists(dataDir.resolve("db").resolve("mercato.mv.db"))).isTrue();
  }
}
