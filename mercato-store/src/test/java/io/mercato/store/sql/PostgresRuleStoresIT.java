package io.mercato.store.sql;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The rule stores' contract on a real PostgreSQL server, in a database of its own, emptied per test. */
class PostgresRuleStoresIT extends RuleStoresContract {
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
  protected Database openFresh() {
    Database d = Database.open(pg.config(), unused);
    try (var con = d.connection();
        var s = con.createStatement()) {
      for (String t : new String[] {"rule_runs", "rule_approvals", "rule_versions"}) {
        s.execute("DELETE FROM " + t);
      }
    } catch (SQLException e) {
      d.close();
      throw new IllegalStateException(e);
    }
    return d;
  }
}
