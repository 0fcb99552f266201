package io.mercato.store.sql;

import io.mercato.core.experiment.ExperimentDefinition;
import io.mercato.core.experiment.ExperimentJson;
import io.mercato.core.experiment.ExperimentRepository;
import io.mercato.core.experiment.ExperimentStoreException;
import io.mercato.core.experiment.ExperimentVersionConflictException;
import io.mercato.core.io.CorruptDataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ExperimentRepository} over JDBC, one schema for H2 and PostgreSQL (migration
 * {@code V3__experiments.sql}): each version of an experiment is one row of
 * {@code experiment_versions}, its definition in the JSON form of {@link ExperimentJson}. A write reads
 * the latest version and inserts the next in one transaction; two writers adding the same version meet
 * at the primary key, and the loser gets {@link ExperimentVersionConflictException}, so no version is
 * ever lost or written twice.
 *
 * <p>Lists are sorted in Java (by key, then version), not by the database's collation, so both
 * databases answer identically. A stored definition that no longer loads is reported as an
 * {@link ExperimentStoreException} naming the key and version. Thread-safe.
 */
public final class JdbcExperimentRepository implements ExperimentRepository {
  private final Database db;

  public JdbcExperimentRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public void put(ExperimentDefinition d) {
    Objects.requireNonNull(d, "definition");
    String json = ExperimentJson.write(d);
    try {
      inTransaction(
          "store experiment \"" + d.key() + "\" version " + d.version(),
          con -> {
            int latest = latestVersion(con, d.key());
            if (d.version() != latest + 1) {
              throw new ExperimentVersionConflictException(d.key(), d.version(), latest);
            }
            try (PreparedStatement ps =
                con.prepareStatement(
                    "INSERT INTO experiment_versions (experiment_key, version, definition, updated_at) VALUES (?, ?, ?, ?)")) {
              ps.setString(1, d.key());
              ps.setInt(2, d.version());
              ps.setString(3, json);
              ps.setObject(
                  4,
                  OffsetDateTime.ofInstant(
                      Instant.ofEpochMilli(d.updatedMillis()), ZoneOffset.UTC));
              ps.executeUpdate();
            }
            return null;
          });
    } catch (IntegrityViolation e) {
      // Another writer inserted this version between our read and our insert.
      throw new ExperimentVersionConflictException(d.key(), d.version(), latestVersion(d.key()));
    }
  }

  @Override
  public int latestVersion(String key) {
    Objects.requireNonNull(key, "key");
    return inTransaction("read experiment \"" + key + "\"", con -> latestVersion(con, key));
  }

  private static int latestVersion(Connection con, String key) throws SQLException {
    try (PreparedStatement ps =
        con.prepareStatement(
            "SELECT MAX(version) FROM experiment_versions WHERE experiment_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1); // 0 when NULL: no version
      }
    }
  }

  @Override
  public Optional<ExperimentDefinition> latest(String key) {
    List<ExperimentDefinition> all = versions(key);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  @Override
  public Optional<ExperimentDefinition> version(String key, int version) {
    Objects.requireNonNull(key, "key");
    List<ExperimentDefinition> found =
        read(
            "read experiment \"" + key + "\" version " + version,
            "experiment_key = ? AND version = ?",
            key,
            version);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<ExperimentDefinition> versions(String key) {
    Objects.requireNonNull(key, "key");
    return read("read experiment \"" + key + "\"", "experiment_key = ?", key, null);
  }

  @Override
  public List<ExperimentDefinition> latestOfEach() {
    Map<String, ExperimentDefinition> latest = new LinkedHashMap<>();
    for (ExperimentDefinition d : read("read experiments", null, null, null)) {
      latest.put(d.key(), d); // sorted by key then version: the last of each key wins
    }
    return new ArrayList<>(latest.values());
  }

  private List<ExperimentDefinition> read(String what, String where, String key, Integer version) {
    String sql =
        "SELECT experiment_key, version, definition FROM experiment_versions"
            + (where == null ? "" : " WHERE " + where);
    return inTransaction(
        what,
        con -> {
          List<ExperimentDefinition> out = new ArrayList<>();
          try (PreparedStatement ps = con.prepareStatement(sql)) {
            if (key != null) {
              ps.setString(1, key);
            }
            if (version != null) {
              ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(load(rs.getString(1), rs.getInt(2), rs.getString(3)));
              }
            }
          }
          out.sort(
              Comparator.comparing(ExperimentDefinition::key)
                  .thenComparingInt(ExperimentDefinition::version));
          return out;
        });
  }

  private ExperimentDefinition load(String key, int version, String json) {
    try {
      ExperimentDefinition d = ExperimentJson.readStored(json);
      if (!d.key().equals(key) || d.version() != version) {
        throw new CorruptDataException(
            "the row says "
                + key
                + " version "
                + version
                + " but the definition "
                + d.key()
                + " version "
                + d.version());
      }
      return d;
    } catch (CorruptDataException e) {
      throw new ExperimentStoreException(
          "experiment \""
              + key
              + "\" version "
              + version
              + " in "
              + db.describe()
              + " does not load: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    db.close();
  }

  // -------------------------------------------------------------------------------------- plumbing
  // The same transaction discipline as JdbcCampaignRepository, with this repository's exceptions.

  private interface Work<T> {
    T run(Connection con) throws SQLException;
  }

  /** A uniqueness violation from the database: another writer got in between. */
  private static final class IntegrityViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IntegrityViolation(SQLException cause) {
      super(cause);
    }
  }

  /**
   * Runs {@code work} in a transaction: commit when it returns, roll back when it throws. A database
   * error becomes {@link ExperimentStoreException} naming {@code what}; an integrity violation (SQLSTATE
   * class 23) becomes {@link IntegrityViolation} for the caller to explain.
   */
  private <T> T inTransaction(String what, Work<T> work) {
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
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        throw new IntegrityViolation(e);
      }
      throw new ExperimentStoreException(
          "cannot " + what + " in " + db.describe() + ": " + e.getMessage(), e);
    }
  }
}
