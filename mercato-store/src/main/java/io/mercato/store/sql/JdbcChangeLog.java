package io.mercato.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.Discount;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditPage;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.EntityKind;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.FieldValues;
import io.mercato.core.campaign.change.KpiSnapshot;
import io.mercato.core.campaign.change.StaleChangeException;
import io.mercato.core.campaign.change.UnknownEntityException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ChangeLog} over JDBC (table {@code audit_log} of {@code V2__rules_audit_and_tags.sql}, and
 * the campaign and ad tables it changes). A commit is one transaction: each changed row is locked
 * ({@code SELECT ... FOR UPDATE}), its current value compared with the change's {@code before}, the
 * field written (only that column and {@code updated_at}, so a concurrent edit of another field is
 * kept), and the audit rows appended; any mismatch rolls everything back. Entries are never updated
 * after their transaction. KPI snapshots are kept as JSON text. Thread-safe.
 */
public final class JdbcChangeLog implements ChangeLog {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COLUMNS =
      "id, batch_id, at, outcome, actor_kind, actor, rule_id, rule_version, "
          + "entity_kind, entity_id, campaign_id, field, before_value, after_value, reason, clamped, clamp_note, "
          + "kpi_window, kpis, watermark, undo_of";

  private final Database db;
  private final JdbcCampaignRepository campaigns;

  public JdbcChangeLog(Database db) {
    this.db = Objects.requireNonNull(db, "db");
    this.campaigns = new JdbcCampaignRepository(db);
  }

  @Override
  public Committed commit(List<CampaignChange> changes, Instant at) {
    Objects.requireNonNull(at, "at");
    if (changes.isEmpty()) {
      return Committed.NONE;
    }
    List<AuditEntry> entries =
        Sql.inTransaction(
            db,
            "apply " + changes.size() + " change(s)",
            con -> {
              for (CampaignChange c : changes) {
                String now = current(con, c.entity(), c.field());
                if (now == null) {
                  throw new UnknownEntityException(
                      c.entity().kind().wireName() + " \"" + c.entity().id() + "\"");
                }
                if (!now.equals(c.before())) {
                  throw new StaleChangeException(c.entity(), c.field(), c.before(), now);
                }
                write(con, c, at);
              }
              return append(con, changes, AuditOutcome.APPLIED, at);
            });
    Set<String> campaignIds = new LinkedHashSet<>();
    Set<String> adIds = new LinkedHashSet<>();
    for (CampaignChange c : changes) {
      (c.entity().kind() == EntityKind.AD ? adIds : campaignIds).add(c.entity().id());
    }
    List<Campaign> cs = new ArrayList<>();
    campaignIds.forEach(id -> campaigns.campaign(id).ifPresent(cs::add));
    List<Ad> as = new ArrayList<>();
    adIds.forEach(id -> campaigns.ad(id).ifPresent(as::add));
    return new Committed(entries, cs, as);
  }

  /** The field's current text, locking the row; null when the entity does not exist. */
  private static String current(Connection con, EntityRef e, ChangeField f) throws SQLException {
    if (e.kind() == EntityKind.AD) {
      try (PreparedStatement ps =
          con.prepareStatement("SELECT status, bid_amount FROM ads WHERE id = ? FOR UPDATE")) {
        ps.setString(1, e.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          return f == ChangeField.STATUS
              ? rs.getString("status")
              : FieldValues.amount(rs.getBigDecimal("bid_amount"));
        }
      }
    }
    try (PreparedStatement ps =
        con.prepareStatement(
            "SELECT status, ends_at, discount_kind, discount_value, "
                + "daily_budget, total_budget FROM campaigns WHERE id = ? FOR UPDATE")) {
      ps.setString(1, e.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return switch (f) {
          case STATUS -> rs.getString("status");
          case END -> Sql.instant(rs, "ends_at").toString();
          case DISCOUNT ->
              rs.getString("discount_kind") == null
                  ? FieldValues.NO_DISCOUNT
                  : FieldValues.discount(
                      new Discount(
                          Discount.Kind.valueOf(
                              rs.getString("discount_kind").toUpperCase(Locale.ROOT)),
                          rs.getBigDecimal("discount_value")));
          case DAILY_BUDGET -> FieldValues.amount(rs.getBigDecimal("daily_budget"));
          case TOTAL_BUDGET -> FieldValues.amount(rs.getBigDecimal("total_budget"));
          default -> throw new IllegalArgumentException("campaigns have no field " + f.wireName());
        };
      }
    }
  }

  private static void write(Connection con, CampaignChange c, Instant at) throws SQLException {
    String v = c.after();
    if (c.entity().kind() == EntityKind.AD) {
      String column = c.field() == ChangeField.STATUS ? "status" : "bid_amount";
      try (PreparedStatement ps =
          con.prepareStatement("UPDATE ads SET " + column + " = ?, updated_at = ? WHERE id = ?")) {
        if (c.field() == ChangeField.STATUS) {
          ps.setString(1, v);
        } else {
          ps.setBigDecimal(1, new BigDecimal(v));
        }
        ps.setObject(2, Sql.utc(at));
        ps.setString(3, c.entity().id());
        ps.executeUpdate();
      }
      return;
    }
    if (c.field() == ChangeField.DISCOUNT) {
      Discount d = FieldValues.discount(v);
      try (PreparedStatement ps =
          con.prepareStatement(
              "UPDATE campaigns SET discount_kind = ?, discount_value = ?, updated_at = ? WHERE id = ?")) {
        Sql.set(ps, 1, d == null ? null : d.kind().name().toLowerCase(Locale.ROOT), Types.VARCHAR);
        Sql.set(ps, 2, d == null ? null : d.value(), Types.NUMERIC);
        ps.setObject(3, Sql.utc(at));
        ps.setString(4, c.entity().id());
        ps.executeUpdate();
      }
      return;
    }
    String column =
        switch (c.field()) {
          case STATUS -> "status";
          case END -> "ends_at";
          case DAILY_BUDGET -> "daily_budget";
          case TOTAL_BUDGET -> "total_budget";
          default ->
              throw new IllegalArgumentException("campaigns have no field " + c.field().wireName());
        };
    try (PreparedStatement ps =
        con.prepareStatement(
            "UPDATE campaigns SET " + column + " = ?, updated_at = ? WHERE id = ?")) {
      switch (c.field()) {
        case STATUS -> ps.setString(1, v);
        case END -> ps.setObject(1, Sql.utc(Instant.parse(v)));
        default -> ps.setBigDecimal(1, new BigDecimal(v));
      }
      ps.setObject(2, Sql.utc(at));
      ps.setString(3, c.entity().id());
      ps.executeUpdate();
    }
  }

  @Override
  public List<AuditEntry> record(List<CampaignChange> changes, AuditOutcome outcome, Instant at) {
    if (changes.isEmpty()) {
      return List.of();
    }
    return Sql.inTransaction(
        db, "append to the audit log", con -> append(con, changes, outcome, at));
  }

  private static List<AuditEntry> append(
      Connection con, List<CampaignChange> changes, AuditOutcome outcome, Instant at)
      throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    long batch = 0;
    try (PreparedStatement ps =
        con.prepareStatement(
            "INSERT INTO audit_log (batch_id, at, outcome, actor_kind, actor, "
                + "rule_id, rule_version, entity_kind, entity_id, campaign_id, field, before_value, after_value, reason, clamped, "
                + "clamp_note, kpi_window, kpis, watermark, undo_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?)",
            new String[] {"id"})) {
      for (CampaignChange c : changes) {
        int i = 1;
        ps.setLong(i++, batch);
        ps.setObject(i++, Sql.utc(at));
        ps.setString(i++, outcome.wireName());
        ps.setString(i++, c.actor().kind().wireName());
        ps.setString(i++, c.actor().name());
        Sql.set(ps, i++, c.actor().ruleId(), Types.VARCHAR);
        ps.setInt(i++, c.actor().ruleVersion());
        ps.setString(i++, c.entity().kind().wireName());
        ps.setString(i++, c.entity().id());
        ps.setString(i++, c.campaignId());
        ps.setString(i++, c.field().wireName());
        Sql.set(ps, i++, c.before(), Types.VARCHAR);
        ps.setString(i++, c.after());
        ps.setString(i++, c.reason());
        ps.setBoolean(i++, c.clamped());
        ps.setString(i++, c.clampNote());
        KpiSnapshot k = c.kpis();
        Sql.set(ps, i++, k == null ? null : k.window(), Types.VARCHAR);
        Sql.set(ps, i++, k == null ? null : json(k.values()), Types.VARCHAR);
        Sql.setTime(ps, i++, k == null ? null : k.watermark());
        Sql.set(ps, i, c.undoOf(), Types.BIGINT);
        ps.executeUpdate();
        long id;
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
        if (batch == 0) {
          batch = id;
          try (PreparedStatement u =
              con.prepareStatement("UPDATE audit_log SET batch_id = ? WHERE id = ?")) {
            u.setLong(1, id);
            u.setLong(2, id);
            u.executeUpdate();
          }
        }
        out.add(new AuditEntry(id, batch, at, c, outcome));
      }
    }
    return out;
  }

  @Override
  public Optional<AuditEntry> entry(long id) {
    List<AuditEntry> e = select("read audit entry " + id, "WHERE id = ?", List.of(id), 1);
    return e.isEmpty() ? Optional.empty() : Optional.of(e.get(0));
  }

  @Override
  public List<AuditEntry> batch(long batchId) {
    List<AuditEntry> e =
        new ArrayList<>(
            select("read audit batch " + batchId, "WHERE batch_id = ?", List.of(batchId), 10_000));
    e.sort(Comparator.comparingLong(AuditEntry::id));
    return e;
  }

  @Override
  public Optional<AuditEntry> undoneBy(long id) {
    List<AuditEntry> e =
        select(
            "read undo of " + id,
            "WHERE undo_of = ? AND outcome = ?",
            List.of(id, AuditOutcome.APPLIED.wireName()),
            1);
    return e.isEmpty() ? Optional.empty() : Optional.of(e.get(0));
  }

  @Override
  public AuditPage query(AuditQuery q) {
    StringBuilder where = new StringBuilder("WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (q.campaignId() != null) {
      where.append(" AND campaign_id = ?");
      params.add(q.campaignId());
    }
    if (q.ruleId() != null) {
      where.append(" AND rule_id = ?");
      params.add(q.ruleId());
    }
    if (q.since() != null) {
      where.append(" AND at >= ?");
      params.add(Sql.utc(q.since()));
    }
    if (q.before() != null) {
      where.append(" AND id < ?");
      params.add(q.before());
    }
    List<AuditEntry> rows = select("query the audit log", where.toString(), params, q.limit() + 1);
    boolean more = rows.size() > q.limit();
    List<AuditEntry> page = more ? rows.subList(0, q.limit()) : rows;
    return new AuditPage(page, more ? page.get(page.size() - 1).id() : null);
  }

  /** Entries matching {@code where}, newest first, at most {@code limit}. */
  private List<AuditEntry> select(String what, String where, List<Object> params, int limit) {
    return Sql.inTransaction(
        db,
        what,
        con -> {
          List<AuditEntry> out = new ArrayList<>();
          try (PreparedStatement ps =
              con.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM audit_log "
                      + where
                      + " ORDER BY id DESC LIMIT "
                      + limit)) {
            for (int i = 0; i < params.size(); i++) {
              ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(entryOf(rs));
              }
            }
          }
          return out;
        });
  }

  private static AuditEntry entryOf(ResultSet rs) throws SQLException {
    String ruleId = rs.getString("rule_id");
    Actor actor =
        new Actor(
            Actor.Kind.fromWire(rs.getString("actor_kind")),
            rs.getString("actor"),
            ruleId,
            rs.getInt("rule_version"));
    String window = rs.getString("kpi_window");
    KpiSnapshot kpis =
        window == null
            ? null
            : new KpiSnapshot(window, Sql.instant(rs, "watermark"), map(rs.getString("kpis")));
    EntityRef entity =
        new EntityRef(EntityKind.fromWire(rs.getString("entity_kind")), rs.getString("entity_id"));
    CampaignChange c =
        new CampaignChange(
            entity,
            rs.getString("campaign_id"),
            ChangeField.fromWire(rs.getString("field")),
            rs.getString("before_value"),
            rs.getString("after_value"),
            actor,
            rs.getString("reason"),
            rs.getBoolean("clamped"),
            rs.getString("clamp_note"),
            kpis,
            Sql.nullableLong(rs, "undo_of"));
    return new AuditEntry(
        rs.getLong("id"),
        rs.getLong("batch_id"),
        Sql.instant(rs, "at"),
        c,
        AuditOutcome.fromWire(rs.getString("outcome")));
  }

  static String json(Map<String, Object> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("KPI values must serialize", e);
    }
  }

  static Map<String, Object> map(String json) throws SQLException {
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("audit_log.kpis is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
