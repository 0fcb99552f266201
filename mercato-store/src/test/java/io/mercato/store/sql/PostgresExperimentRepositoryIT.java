package io.mercato.store.sql;

import io.mercato.core.experiment.ExperimentRepository;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment repository contract on a real PostgreSQL server, in a database of its own (see
 * {@link PostgresTestDatabase}): every test starts from an empty table.
 */
class PostgresExperimentRepositoryIT extends ExperimentRepositoryContract {
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
  protected ExperimentRepository openFresh() {
    Database db = Database.open(pg.config(), unused);
    try (var con = db.connection();
        var s = con.createStatement()) {
      s.execute("DELETE FROM experiment_versions");
    } catch (SQLException e) {
      db.close();
      throw new IllegalStateException(e);
    }
    return new JdbcExperimentRepository(db);
  }

  @Override
  protected ExperimentRepository reopen() {
    repo.close();
    return new JdbcExperimentRepository(Database.open(pg.config(), unused));
  }
}
