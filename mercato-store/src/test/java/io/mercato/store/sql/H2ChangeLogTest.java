package io.mercato.store.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The change log contract on the embedded H2 file database. */
class H2ChangeLogTest extends ChangeLogContract {
  @TempDir Path dataDir;

  @Override
  protected Database openFresh() {
    return Database.open(DatabaseConfig.defaults(), dataDir);
  }
}
