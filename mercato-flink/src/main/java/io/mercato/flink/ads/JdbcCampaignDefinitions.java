package io.mercato.flink.ads;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.InventorySnapshot;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.DatabaseConfig;
import io.mercato.store.sql.JdbcCampaignRepository;
import java.nio.file.Path;

/**
 * The definitions from the campaign database the API nodes share (PostgreSQL in production, H2 in
 * tests): every campaign and ad, read in two queries per load.
 */
public final class JdbcCampaignDefinitions implements CampaignDefinitions {
  private static final long serialVersionUID = 1L;
  private final String url;
  private final String user;
  private final String password;

  /** Two connections per operator instance (the schema migration on open needs two). @param db a database with a URL (the embedded, data-directory database is not reachable from the job) */
  public JdbcCampaignDefinitions(DatabaseConfig db) {
    if (db.embedded()) {
      throw new IllegalArgumentException(
          "the Flink job needs the campaign database's JDBC URL (--db)");
    }
    this.url = db.url();
    this.user = db.user();
    this.password = db.password();
  }

  @Override
  public Loader open() {
    Database db = Database.open(new DatabaseConfig(url, user, password, 2), Path.of("."));
    JdbcCampaignRepository repository = new JdbcCampaignRepository(db);
    return new Loader() {
      @Override
      public AdInventory load() {
        // Segments are the API nodes' business; the job only charges and attributes events.
        return new InventorySnapshot(repository.campaigns(), repository.ads(), c -> null);
      }

      @Override
      public void close() {
        db.close();
      }
    };
  }
}
