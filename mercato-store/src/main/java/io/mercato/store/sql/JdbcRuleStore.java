package io.mercato.store.sql;

import io.mercato.core.ads.CampaignStoreException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.rules.Rule;
import io.mercato.core.rules.RuleJson;
import io.mercato.core.rules.RuleStore;
import io.mercato.core.rules.StaleRuleVersionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RuleStore} over JDBC (table {@code rule_versions}): one row per version, the definition as
 * {@link RuleJson} text (format {@value RuleJson#FORMAT}), never updated. A save locks nothing: it
 * checks the latest version and inserts the next one in one transaction, and the primary key
 * (rule_id, version) turns a concurrent save of the same next version into
 * {@link StaleRuleVersionException} for the second writer. Thread-safe.
 */
public final class JdbcRuleStore implements RuleStore {
  private final Database db;

  public JdbcRuleStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Rule save(Rule rule, int basedOn) {
    Objects.requireNonNull(rule, "rule");
    if (rule.version() != basedOn + 1 || rule.createdAt() == null || rule.author() == null) {
      throw new IllegalArgumentException(
          "save version " + (basedOn + 1) + " with its time and author, not " + rule);
    }
    try {
      return Sql.inTransaction(
          db,
          "save rule \"" + rule.id() + "\"",
          con -> {
            int latest = latestVersion(con, rule.id());
            if (latest != basedOn) {
              throw new StaleRuleVersionException(rule.id(), basedOn, latest);
            }
            try (PreparedStatement ps =
                con.prepareStatement(
                    "INSERT INTO rule_versions (rule_id, version, enabled, "
                        + "definition, created_at, author) VALUES (?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, rule.id());
              ps.setInt(2, rule.version());
              ps.setBoolean(3, rule.enabled());
              ps.setString(4, RuleJson.toText(rule));
              ps.setObject(5, Sql.utc(rule.createdAt()));
              ps.setString(6, rule.author());
              ps.executeUpdate();
            }
            return rule;
          });
    } catch (CampaignStoreException e) {
      if (e.getCause() instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("23")) {
        int now = latest(rule.id()).map(Rule::version).orElse(0);
        throw new StaleRuleVersionException(
            rule.id(), basedOn, now); // another writer saved that version first
      }
      throw e;
    }
  }

  private static int latestVersion(Connection con, String id) throws SQLException {
    try (PreparedStatement ps =
        con.prepareStatement("SELECT MAX(version) FROM rule_versions WHERE rule_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  @Override
  public Optional<Rule> latest(String id) {
    List<Rule> v = versions(id);
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  @Override
  public Optional<Rule> version(String id, int version) {
    List<Rule> r =
        select(
            "read rule \"" + id + "\"@" + version,
            "WHERE rule_id = ? AND version = ?",
            id,
            version);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  @Override
  public List<Rule> versions(String id) {
    return select("read versions of rule \"" + id + "\"", "WHERE rule_id = ?", id, null);
  }

  @Override
  public List<Rule> latestRules() {
    return select(
        "read rules",
        "WHERE version = (SELECT MAX(v.version) FROM rule_versions v WHERE v.rule_id = "
            + "rule_versions.rule_id)",
        null,
        null);
  }

  private List<Rule> select(String what, String where, String id, Integer version) {
    return Sql.inTransaction(
        db,
        what,
        con -> {
          List<Rule> out = new ArrayList<>();
          try (PreparedStatement ps =
              con.prepareStatement(
                  "SELECT rule_id, version, definition FROM rule_versions " + where)) {
            if (id != null) {
              ps.setString(1, id);
            }
            if (version != null) {
              ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                try {
                  out.add(RuleJson.readStored(RuleJson.parse(rs.getString("definition"))));
                } catch (ValidationException e) {
                  throw new SQLException(
                      "rule_versions row "
                          + rs.getString("rule_id")
                          + "@"
                          + rs.getInt("version")
                          + " does not load: "
                          + e.getMessage(),
                      e);
                }
              }
            }
          }
          // id order by UTF-16 code units, whatever the database collation
          out.sort(Comparator.comparing(Rule::id).thenComparingInt(Rule::version));
          return out;
        });
  }
}
