package io.mercato.store.sql;

import io.mercato.core.rules.EvaluatorLease;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * The cluster's {@link EvaluatorLease}: a PostgreSQL session advisory lock
 * ({@code pg_try_advisory_lock}) on a connection of its own, outside the pool (a pooled connection
 * would carry the lock to whichever caller borrowed it next). The server releases the lock when
 * that session ends, so a holder that dies frees it without any timeout to tune; each
 * {@link #tryAcquire()} checks the session is alive before answering true, and reconnects and tries
 * again when it is not. Thread-safe.
 */
public final class PostgresAdvisoryLease implements EvaluatorLease {
  private final DatabaseConfig config;
  private final long key;
  private Connection session;
  private boolean held;

  /**
   * @param config a {@code jdbc:postgresql:} database
   * @param name   what is leased (e.g. {@code mercato-rule-evaluator}); mapped to the lock's 64-bit key
   */
  public PostgresAdvisoryLease(DatabaseConfig config, String name) {
    this.config = Objects.requireNonNull(config, "config");
    if (!config.url().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "an advisory lock lease needs a PostgreSQL database, not "
              + Database.redact(config.url()));
    }
    this.key = key(Objects.requireNonNull(name, "name"));
  }

  /** A stable 64-bit key of a name (FNV-1a over its UTF-8 bytes). */
  static long key(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public synchronized boolean tryAcquire() {
    try {
      if (held && session != null && session.isValid(2)) {
        return true;
      }
      closeSession();
      session = connect();
      try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          held = rs.next() && rs.getBoolean(1);
        }
      }
      if (!held) {
        closeSession();
      }
      return held;
    } catch (SQLException e) {
      held = false;
      closeSession();
      return false;
    }
  }

  @Override
  public synchronized boolean held() {
    return held;
  }

  @Override
  public synchronized void release() {
    if (held && session != null) {
      try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      } catch (SQLException e) {
        // the session is gone: the server released the lock with it
      }
    }
    held = false;
    closeSession();
  }

  @Override
  public void close() {
    release();
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (!config.user().isEmpty()) {
      p.setProperty("user", config.user());
    }
    if (!config.password().isEmpty()) {
      p.setProperty("password", config.password());
    }
    p.setProperty("connectTimeout", "5");
    p.setProperty("tcpKeepAlive", "true");
    try {
      return DriverManager.getConnection(config.url(), p);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot open the lease session to " + Database.redact(config.url()), e);
    }
  }

  private void closeSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        // closing a broken session: nothing more to release
      }
      session = null;
    }
  }

  /** For messages. */
  @Override
  public String toString() {
    return "PostgresAdvisoryLease["
        + Database.redact(config.url())
        + ", key "
        + key
        + ", held "
        + held
        + "]";
  }
}
