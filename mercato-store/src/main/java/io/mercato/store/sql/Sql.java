package io.mercato.store.sql;

import io.mercato.core.ads.CampaignStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Transactions and column conversions shared by the rule and audit stores (the campaign repository
 * keeps its own copy from before them; both follow the same conventions: instants in UTC, a store
 * failure as {@link CampaignStoreException} naming what was attempted and the database).
 */
final class Sql {
  private Sql() {}

  /** Work done in one transaction. */
  interface Work<T> {
    T run(Connection con) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction: commit when it returns, roll back when it throws. A database
   * error becomes {@link CampaignStoreException} naming {@code what}; unchecked exceptions of the
   * work (a stale value, say) pass through after the rollback.
   */
  static <T> T inTransaction(Database db, String what, Work<T> work) {
    try (Connection con = db.connection()) {
      con.setAutoCommit(false);
      try {
        T result = work.run(con);
        con.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          con.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new CampaignStoreException(
          "cannot " + what + " in " + db.describe() + ": " + e.getMessage(), e);
    }
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static void set(PreparedStatement ps, int i, Object value, int sqlType) throws SQLException {
    if (value == null) {
      ps.setNull(i, sqlType);
    } else {
      ps.setObject(i, value, sqlType);
    }
  }

  static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, utc(t));
    }
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
