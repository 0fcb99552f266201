package io.mercato.store.sql;

import java.util.Objects;

/**
 * Where campaign and ad definitions live (ARCHITECTURE.md §2: an H2 file database in embedded mode,
 * PostgreSQL in a cluster).
 *
 * @param url      a JDBC URL such as {@code jdbc:postgresql://db.example:5432/mercato}; empty (the
 *                 default) for the embedded H2 database {@code <data-dir>/db/mercato}. {@code jdbc:h2:}
 *                 URLs are accepted too (tests, other locations)
 * @param user     database user; empty for the driver's default (H2: {@code sa}; PostgreSQL: the
 *                 URL's {@code user} parameter, else the operating-system user)
 * @param password password of {@code user}; empty for none (trust or peer authentication). Never
 *                 logged
 * @param poolSize most connections kept open, 1..64 (default 4). Reads are served from memory, so
 *                 only writes and the startup load use connections
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {
  public DatabaseConfig {
    Objects.requireNonNull(url, "db.url");
    Objects.requireNonNull(user, "db.user");
    Objects.requireNonNull(password, "db.password");
    url = url.trim();
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException(
          "db.url must be a jdbc:postgresql: or jdbc:h2: URL, or empty for the "
              + "embedded database, but was "
              + Database.redact(url));
    }
    if (poolSize < 1 || poolSize > 64) {
      throw new IllegalArgumentException("db.pool-size must be in [1, 64] but was " + poolSize);
    }
  }

  /** The embedded H2 database under the data directory, four connections. */
  public static DatabaseConfig defaults() {
    return new DatabaseConfig("", "", "", 4);
  }

  /** True when this is the embedded database under the data directory. */
  public boolean embedded() {
    return url.isEmpty();
  }

  /** A copy with another URL (for {@code --db}). */
  public DatabaseConfig withUrl(String u) {
    return new DatabaseConfig(u, user, password, poolSize);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + Database.redact(url)
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + ", poolSize="
        + poolSize
        + "]";
  }
}
