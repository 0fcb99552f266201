package io.mercato.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.mercato.core.ads.CampaignStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open relational database with Mercato's schema: a connection pool, migrated by Flyway to the
 * newest version on open (scripts in {@code io/mercato/store/sql/migration}, one script per version,
 * each written once for both H2 and PostgreSQL).
 *
 * <p>Why a pool (HikariCP): with PostgreSQL a new connection costs a TCP handshake and
 * authentication, several milliseconds on every write; the pool keeps a few open, validates them and
 * replaces them after the server restarts. For the embedded H2 database it keeps the file open
 * between writes. Startup fails fast (5 s) when the database is unreachable, naming the URL.
 *
 * <p>Thread-safe. Close it to release the connections (and, for H2, the file).
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final Pattern SECRET = Pattern.compile("(?i)(password=)[^&;]*");

  private final HikariDataSource pool;
  private final String url;

  private Database(HikariDataSource pool, String url) {
    this.pool = pool;
    this.url = url;
  }

  /**
   * Opens the database of {@code config} and migrates its schema.
   *
   * @param dataDir where the embedded database lives ({@code <dataDir>/db/mercato.mv.db}) when
   *                {@code config.url()} is empty
   * @throws CampaignStoreException when it cannot connect or migrate (the message names the URL,
   *                                never the password)
   */
  public static Database open(DatabaseConfig config, Path dataDir) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    String url = config.embedded() ? embeddedUrl(dataDir) : config.url();
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (!config.user().isEmpty()) {
      hc.setUsername(config.user());
    }
    if (!config.password().isEmpty()) {
      hc.setPassword(config.password());
    }
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(5_000);
    hc.setPoolName("mercato-db");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (HikariPool.PoolInitializationException e) {
      throw new CampaignStoreException(
          "cannot connect to the campaign database " + redact(url) + ": " + rootMessage(e), e);
    }
    try {
      MigrateResult r =
          Flyway.configure()
              .dataSource(pool)
              .locations("classpath:io/mercato/store/sql/migration")
              .table("mercato_schema_history")
              .loggers(
                  "slf4j") // like the rest of Mercato, not whichever logging Flyway detects first
              .load()
              .migrate();
      LOG.info(
          "campaign database {} at schema version {}{}",
          redact(url),
          r.targetSchemaVersion == null ? r.initialSchemaVersion : r.targetSchemaVersion,
          r.migrationsExecuted > 0 ? " (" + r.migrationsExecuted + " migrations applied)" : "");
    } catch (FlywayException e) {
      pool.close();
      throw new CampaignStoreException(
          "cannot migrate the campaign database " + redact(url) + ": " + e.getMessage(), e);
    }
    return new Database(pool, url);
  }

  /** The embedded H2 file database under {@code dataDir}. */
  static String embeddedUrl(Path dataDir) {
    // DB_CLOSE_ON_EXIT=FALSE: the engine closes it in order on shutdown, not H2's own hook.
    // WRITE_DELAY=0: a commit is written to the file before it returns. H2's default (500 ms) lets
    // a
    // process that dies lose writes already acknowledged (the crash soak lost campaigns to kill
    // -9).
    return "jdbc:h2:file:"
        + dataDir.resolve("db").resolve("mercato").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  /** The pooled connections. */
  public DataSource dataSource() {
    return pool;
  }

  /** A connection from the pool; close it to give it back. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The JDBC URL with any password parameter masked, for messages. */
  public String describe() {
    return redact(url);
  }

  /** {@code url} with {@code password=...} parameters masked. */
  static String redact(String url) {
    return SECRET.matcher(url).replaceAll("$1***");
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /** Closes every connection. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }
}
