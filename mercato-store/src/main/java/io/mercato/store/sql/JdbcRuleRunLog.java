package io.mercato.store.sql;

import io.mercato.core.campaign.change.KpiSnapshot;
import io.mercato.core.rules.RuleRef;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RuleRunLog;
import io.mercato.core.rules.RunOutcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@link RuleRunLog} over JDBC (table {@code rule_runs}), append-only. Thread-safe. */
public final class JdbcRuleRunLog implements RuleRunLog {
  private static final String COLUMNS =
      "id, rule_id, rule_version, campaign_id, at, outcome, detail, kpi_window, kpis, "
          + "watermark, audit_ids, approval_id";
  private final Database db;

  public JdbcRuleRunLog(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public RuleRun append(RuleRun run) {
    return Sql.inTransaction(
        db,
        "record a run of " + run.rule(),
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement(
                  "INSERT INTO rule_runs (rule_id, rule_version, campaign_id, at, "
                      + "outcome, detail, kpi_window, kpis, watermark, audit_ids, approval_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"})) {
            KpiSnapshot k = run.kpis();
            ps.setString(1, run.rule().id());
            ps.setInt(2, run.rule().version());
            ps.setString(3, run.campaignId());
            ps.setObject(4, Sql.utc(run.at()));
            ps.setString(5, run.outcome().wireName());
            ps.setString(6, run.detail());
            Sql.set(ps, 7, k == null ? null : k.window(), Types.VARCHAR);
            Sql.set(ps, 8, k == null ? null : JdbcChangeLog.json(k.values()), Types.VARCHAR);
            Sql.setTime(ps, 9, k == null ? null : k.watermark());
            ps.setString(
                10, run.auditIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            Sql.set(ps, 11, run.approvalId(), Types.BIGINT);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              keys.next();
              return run.withId(keys.getLong(1));
            }
          }
        });
  }

  @Override
  public List<RuleRun> runs(String ruleId, int version, String campaignId, Long before, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in [1, 1000] but was " + limit);
    }
    StringBuilder where = new StringBuilder("WHERE rule_id = ?");
    List<Object> params = new ArrayList<>(List.of(ruleId));
    if (version > 0) {
      where.append(" AND rule_version = ?");
      params.add(version);
    }
    if (campaignId != null) {
      where.append(" AND campaign_id = ?");
      params.add(campaignId);
    }
    if (before != null) {
      where.append(" AND id < ?");
      params.add(before);
    }
    return select(
        "read runs of rule \"" + ruleId + "\"", where + " ORDER BY id DESC LIMIT " + limit, params);
  }

  @Override
  public List<RuleRun> since(Instant since) {
    return select("read runs since " + since, "WHERE at >= ? ORDER BY id", List.of(Sql.utc(since)));
  }

  private List<RuleRun> select(String what, String tail, List<Object> params) {
    return Sql.inTransaction(
        db,
        what,
        con -> {
          List<RuleRun> out = new ArrayList<>();
          try (PreparedStatement ps =
              con.prepareStatement("SELECT " + COLUMNS + " FROM rule_runs " + tail)) {
            for (int i = 0; i < params.size(); i++) {
              ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(runOf(rs));
              }
            }
          }
          return out;
        });
  }

  private static RuleRun runOf(ResultSet rs) throws SQLException {
    String window = rs.getString("kpi_window");
    KpiSnapshot kpis =
        window == null
            ? null
            : new KpiSnapshot(
                window, Sql.instant(rs, "watermark"), JdbcChangeLog.map(rs.getString("kpis")));
    String ids = rs.getString("audit_ids");
    List<Long> audit =
        ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
    return new RuleRun(
        rs.getLong("id"),
        new RuleRef(rs.getString("rule_id"), rs.getInt("rule_version")),
        rs.getString("campaign_id"),
        Sql.instant(rs, "at"),
        RunOutcome.fromWire(rs.getString("outcome")),
        rs.getString("detail"),
        kpis,
        audit,
        Sql.nullableLong(rs, "approval_id"));
  }
}
