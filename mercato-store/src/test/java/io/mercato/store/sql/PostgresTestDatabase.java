package io.mercato.store.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh, empty PostgreSQL database for one test class, created on a real server and dropped
 * afterwards. The server: {@code MERCATO_TEST_POSTGRES_URL} (environment variable or system property
 * {@code mercato.test.postgres.url}), default {@code jdbc:postgresql://127.0.0.1:5432/test}, with
 * user {@code MERCATO_TEST_POSTGRES_USER} (else {@code postgres}, then the operating-system user) and
 * {@code MERCATO_TEST_POSTGRES_PASSWORD} (else none). The user must be allowed to create databases.
 * {@code scripts/test.sh} installs and starts a server when none answers.
 *
 * <p>There is no skipping: without a server the test fails, saying what to install.
 */
final class PostgresTestDatabase implements AutoCloseable {
  final String url;
  final String user;
  final String password;
  private final String adminUrl;
  private final String name;

  private PostgresTestDatabase(String adminUrl, String user, String password, String name) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.name = name;
    this.url = withDatabase(adminUrl, name);
  }

  static String setting(String env) {
    String p = System.getProperty(env.toLowerCase(Locale.ROOT).replace('_', '.'));
    return p != null && !p.isBlank() ? p : System.getenv(env);
  }

  /** Creates {@code mercato_test_<random>} on the configured server. */
  static PostgresTestDatabase create() {
    String server = setting("MERCATO_TEST_POSTGRES_URL");
    if (server == null || server.isBlank()) {
      server = "jdbc:postgresql://127.0.0.1:5432/test";
    }
    String configuredUser = setting("MERCATO_TEST_POSTGRES_USER");
    String password = setting("MERCATO_TEST_POSTGRES_PASSWORD");
    Set<String> users = new LinkedHashSet<>();
    if (configuredUser != null && !configuredUser.isBlank()) {
      users.add(configuredUser);
    } else {
      users.add("postgres");
      users.add(System.getProperty("user.name"));
    }
    List<String> failures = new ArrayList<>();
    for (String admin : List.of(server, withDatabase(server, "postgres"))) {
      for (String user : users) {
        try (Connection c = connect(admin, user, password)) {
          String name =
              "mercato_test_"
                  + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
          try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
          }
          return new PostgresTestDatabase(admin, user, password == null ? "" : password, name);
        } catch (SQLException e) {
          failures.add(admin + " as " + user + ": " + e.getMessage());
        }
      }
    }
    throw new AssertionError(
        "This test needs a PostgreSQL server where it may CREATE DATABASE, and none was "
            + "usable:\n  "
            + String.join("\n  ", failures)
            + "\nInstall and start PostgreSQL (Debian: "
            + "apt-get install -y postgresql; scripts/test.sh installs it and starts a private cluster when none "
            + "answers), or set MERCATO_TEST_POSTGRES_URL (and MERCATO_TEST_POSTGRES_USER, "
            + "MERCATO_TEST_POSTGRES_PASSWORD) to a server that does.");
  }

  DatabaseConfig config() {
    return new DatabaseConfig(url, user, password, 4);
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null && !password.isEmpty()) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url, p);
  }

  /** {@code url} addressing database {@code db} on the same server, parameters kept. */
  static String withDatabase(String url, String db) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = base.indexOf('/', "jdbc:postgresql://".length());
    String server = slash < 0 ? base : base.substring(0, slash);
    return server + "/" + db + params;
  }

  /** Drops the database, disconnecting whoever is still connected to it. */
  @Override
  public void close() {
    try (Connection c = connect(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot drop test database " + name + ": " + e.getMessage(), e);
    }
  }
}
