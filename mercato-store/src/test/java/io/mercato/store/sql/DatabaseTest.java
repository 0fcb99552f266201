package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.CampaignStoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dataDir;

  @Test
  void passwordsNeverAppearInMessages() {
    assertThat(Database.redact("jdbc:postgresql://h:5432/m?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/m?user=u&password=***&ssl=true");
    DatabaseConfig c = new DatabaseConfig("jdbc:postgresql://h/m", "u", "s3cret", 4);
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void anUnreachableServerFailsFastNamingTheUrl() {
    DatabaseConfig c =
        new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/mercato?password=s3cret", "u", "", 1);
    assertThatThrownBy(() -> Database.open(c, dataDir))
        .isInstanceOf(CampaignStoreException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/mercato?password=***")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void onlyPostgresAndH2UrlsAreAccepted() {
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://h/m", "", "", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> new DatabaseConfig("", "", "", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("db.pool-size");
  }
}
