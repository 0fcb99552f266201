package io.mercato.store.sql;

import io.mercato.core.rules.ApprovalStatus;
import io.mercato.core.rules.ApprovalStore;
import io.mercato.core.rules.PendingApproval;
import io.mercato.core.rules.RuleRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ApprovalStore} over JDBC (table {@code rule_approvals}); the planned changes as JSON text.
 * A transition is one conditional {@code UPDATE ... WHERE status = ?}, so of two concurrent
 * decisions exactly one wins. Thread-safe.
 */
public final class JdbcApprovalStore implements ApprovalStore {
  private static final String COLUMNS =
      "id, rule_id, rule_version, campaign_id, changes, created_at, expires_at, status, "
          + "decided_by, decided_at";
  private final Database db;

  public JdbcApprovalStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public PendingApproval create(PendingApproval a) {
    return Sql.inTransaction(
        db,
        "store an approval of " + a.rule(),
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement(
                  "INSERT INTO rule_approvals (rule_id, rule_version, campaign_id, "
                      + "changes, created_at, expires_at, status, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"})) {
            ps.setString(1, a.rule().id());
            ps.setInt(2, a.rule().version());
            ps.setString(3, a.campaignId());
            ps.setString(4, ChangeJson.write(a.changes()));
            ps.setObject(5, Sql.utc(a.createdAt()));
            ps.setObject(6, Sql.utc(a.expiresAt()));
            ps.setString(7, a.status().wireName());
            Sql.set(ps, 8, a.decidedBy(), Types.VARCHAR);
            Sql.setTime(ps, 9, a.decidedAt());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              keys.next();
              return a.withId(keys.getLong(1));
            }
          }
        });
  }

  @Override
  public Optional<PendingApproval> get(long id) {
    List<PendingApproval> r = select("read approval " + id, "WHERE id = ?", List.of(id), 1);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  @Override
  public List<PendingApproval> list(ApprovalStatus status, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in [1, 1000] but was " + limit);
    }
    return status == null
        ? select("list approvals", "", List.of(), limit)
        : select("list approvals", "WHERE status = ?", List.of(status.wireName()), limit);
  }

  @Override
  public List<PendingApproval> expiring(Instant now) {
    return select(
        "read expiring approvals",
        "WHERE status = ? AND expires_at <= ?",
        List.of(ApprovalStatus.PENDING.wireName(), Sql.utc(now)),
        10_000);
  }

  @Override
  public boolean transition(
      long id, ApprovalStatus from, ApprovalStatus to, String by, Instant at) {
    return Sql.inTransaction(
        db,
        "decide approval " + id,
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement(
                  "UPDATE rule_approvals SET status = ?, decided_by = ?, "
                      + "decided_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, to.wireName());
            ps.setString(2, by);
            ps.setObject(3, Sql.utc(at));
            ps.setLong(4, id);
            ps.setString(5, from.wireName());
            return ps.executeUpdate() == 1;
          }
        });
  }

  private List<PendingApproval> select(String what, String where, List<Object> params, int limit) {
    return Sql.inTransaction(
        db,
        what,
        con -> {
          List<PendingApproval> out = new ArrayList<>();
          try (PreparedStatement ps =
              con.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM rule_approvals "
                      + where
                      + " ORDER BY id DESC LIMIT "
                      + limit)) {
            for (int i = 0; i < params.size(); i++) {
              ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(approvalOf(rs));
              }
            }
          }
          return out;
        });
  }

  private static PendingApproval approvalOf(ResultSet rs) throws SQLException {
    return new PendingApproval(
        rs.getLong("id"),
        new RuleRef(rs.getString("rule_id"), rs.getInt("rule_version")),
        rs.getString("campaign_id"),
        ChangeJson.read(rs.getString("changes")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "expires_at"),
        ApprovalStatus.fromWire(rs.getString("status")),
        rs.getString("decided_by"),
        Sql.instant(rs, "decided_at"));
  }
}
