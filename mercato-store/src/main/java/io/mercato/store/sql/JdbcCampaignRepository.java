package io.mercato.store.sql;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignHasAdsException;
import io.mercato.core.ads.CampaignRepository;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.CampaignStoreException;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.StoredDefinitions;
import io.mercato.core.ads.UnknownCampaignException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CampaignRepository} over JDBC, one schema for H2 and PostgreSQL (see the migrations
 * {@code V1__campaigns_and_ads.sql}, {@code V2__rules_audit_and_tags.sql}): a campaign is one row of
 * {@code campaigns} plus a row of {@code campaign_tags} per tag; an ad one row of
 * {@code ads} plus a row of {@code ad_placements} per placement. Every write is one transaction.
 * Referential rules are checked inside the write's transaction and backed by foreign keys, so they
 * hold with several writers: a concurrent delete of the campaign makes {@link #putAd} fail with
 * {@link UnknownCampaignException}, a concurrent ad makes {@link #deleteCampaign} fail with
 * {@link CampaignHasAdsException}.
 *
 * <p>Amounts come back in canonical form (no trailing zeros after the point) whatever scale the
 * column has, and lists are sorted by id in Java, not by the database's collation, so both databases
 * answer identically. Thread-safe.
 */
public final class JdbcCampaignRepository implements CampaignRepository {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcCampaignRepository.class);
  private static final String CAMPAIGN_COLUMNS =
      "id, name, starts_at, ends_at, time_zone, status, currency, "
          + "total_budget, daily_budget, discount_kind, discount_value, segment, goal_participants, goal_revenue, "
          + "goal_conversions, cap_ad_per_hour, cap_ad_per_day, cap_campaign_per_hour, cap_campaign_per_day, updated_at";
  private static final String AD_COLUMNS =
      "id, campaign_id, title, image_url, landing_url, category, bid_type, bid_amount, status, updated_at";

  private final Database db;

  public JdbcCampaignRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  // ------------------------------------------------------------------------------------ campaigns

  @Override
  public void putCampaign(Campaign c) {
    Objects.requireNonNull(c, "campaign");
    try {
      upsertCampaign(c);
    } catch (IntegrityViolation e) {
      upsertCampaign(c); // another writer inserted the same new id first: now it is an update
    }
  }

  private void upsertCampaign(Campaign c) {
    inTransaction(
        "store campaign \"" + c.id() + "\"",
        con -> {
          int updated;
          try (PreparedStatement ps =
              con.prepareStatement(
                  "UPDATE campaigns SET name = ?, starts_at = ?, ends_at = ?, "
                      + "time_zone = ?, status = ?, currency = ?, total_budget = ?, daily_budget = ?, discount_kind = ?, "
                      + "discount_value = ?, segment = ?, goal_participants = ?, goal_revenue = ?, goal_conversions = ?, "
                      + "cap_ad_per_hour = ?, cap_ad_per_day = ?, cap_campaign_per_hour = ?, cap_campaign_per_day = ?, "
                      + "updated_at = ? WHERE id = ?")) {
            bindCampaign(ps, c, 1);
            ps.setString(20, c.id());
            updated = ps.executeUpdate();
          }
          if (updated == 0) {
            try (PreparedStatement ps =
                con.prepareStatement(
                    "INSERT INTO campaigns (name, starts_at, ends_at, time_zone, "
                        + "status, currency, total_budget, daily_budget, discount_kind, discount_value, segment, goal_participants, "
                        + "goal_revenue, goal_conversions, cap_ad_per_hour, cap_ad_per_day, cap_campaign_per_hour, "
                        + "cap_campaign_per_day, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              bindCampaign(ps, c, 1);
              ps.setString(20, c.id());
              ps.executeUpdate();
            }
          }
          writeTags(con, c);
          return null;
        });
  }

  /** Replaces the campaign's rows of {@code campaign_tags} (V2). */
  private static void writeTags(Connection con, Campaign c) throws SQLException {
    try (PreparedStatement ps =
        con.prepareStatement("DELETE FROM campaign_tags WHERE campaign_id = ?")) {
      ps.setString(1, c.id());
      ps.executeUpdate();
    }
    if (c.tags().isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        con.prepareStatement("INSERT INTO campaign_tags (campaign_id, tag) VALUES (?, ?)")) {
      for (String t : c.tags()) {
        ps.setString(1, c.id());
        ps.setString(2, t);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Campaign id → tags, of one campaign or (id null) of all. */
  private static Map<String, Set<String>> readTags(Connection con, String id) throws SQLException {
    Map<String, Set<String>> out = new HashMap<>();
    try (PreparedStatement ps =
        con.prepareStatement(
            "SELECT campaign_id, tag FROM campaign_tags"
                + (id == null ? "" : " WHERE campaign_id = ?"))) {
      if (id != null) {
        ps.setString(1, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
        }
      }
    }
    return out;
  }

  /** Binds every column but the id, from {@code at}: 19 parameters. */
  private static void bindCampaign(PreparedStatement ps, Campaign c, int at) throws SQLException {
    int i = at;
    ps.setString(i++, c.name());
    ps.setObject(i++, utc(c.start()));
    ps.setObject(i++, utc(c.end()));
    ps.setString(i++, c.timeZone().getId());
    ps.setString(i++, c.status().wireName());
    ps.setString(i++, c.currency());
    ps.setBigDecimal(i++, c.totalBudget());
    ps.setBigDecimal(i++, c.dailyBudget());
    Discount d = c.discount();
    setNullable(
        ps, i++, d == null ? null : d.kind().name().toLowerCase(Locale.ROOT), Types.VARCHAR);
    setNullable(ps, i++, d == null ? null : d.value(), Types.NUMERIC);
    setNullable(ps, i++, c.segment(), Types.VARCHAR);
    setNullable(ps, i++, c.goals().participants(), Types.BIGINT);
    setNullable(ps, i++, c.goals().revenue(), Types.NUMERIC);
    setNullable(ps, i++, c.goals().conversions(), Types.BIGINT);
    ps.setInt(i++, c.caps().adPerHour());
    ps.setInt(i++, c.caps().adPerDay());
    ps.setInt(i++, c.caps().campaignPerHour());
    ps.setInt(i++, c.caps().campaignPerDay());
    ps.setObject(i, utc(Instant.ofEpochMilli(c.updatedMillis())));
  }

  @Override
  public Optional<Campaign> campaign(String id) {
    Objects.requireNonNull(id, "id");
    return inTransaction(
        "read campaign \"" + id + "\"",
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement("SELECT " + CAMPAIGN_COLUMNS + " FROM campaigns WHERE id = ?")) {
            ps.setString(1, id);
            Map<String, Set<String>> tags = readTags(con, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.ofNullable(servable(campaignOf(rs, tags)))
                  : Optional.<Campaign>empty();
            }
          }
        });
  }

  @Override
  public List<Campaign> campaigns() {
    return inTransaction(
        "read campaigns",
        con -> {
          List<Campaign> out = new ArrayList<>();
          Map<String, Set<String>> tags = readTags(con, null);
          try (PreparedStatement ps =
                  con.prepareStatement("SELECT " + CAMPAIGN_COLUMNS + " FROM campaigns");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Campaign c = servable(campaignOf(rs, tags));
              if (c != null) {
                out.add(c);
              }
            }
          }
          out.sort(Comparator.comparing(Campaign::id));
          return out;
        });
  }

  @Override
  public boolean deleteCampaign(String id) {
    Objects.requireNonNull(id, "id");
    try {
      return inTransaction(
          "delete campaign \"" + id + "\"",
          con -> {
            List<String> ads = adIdsOf(con, id);
            if (!ads.isEmpty()) {
              throw new CampaignHasAdsException(id, ads);
            }
            try (PreparedStatement ps =
                con.prepareStatement("DELETE FROM campaign_tags WHERE campaign_id = ?")) {
              ps.setString(1, id);
              ps.executeUpdate();
            }
            try (PreparedStatement ps =
                con.prepareStatement("DELETE FROM campaigns WHERE id = ?")) {
              ps.setString(1, id);
              return ps.executeUpdate() > 0;
            }
          });
    } catch (IntegrityViolation e) {
      // An ad was added between the check and the delete (another writer): report it like the
      // check.
      throw new CampaignHasAdsException(
          id, inTransaction("read ads of \"" + id + "\"", con -> adIdsOf(con, id)));
    }
  }

  private static List<String> adIdsOf(Connection con, String campaignId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = con.prepareStatement("SELECT id FROM ads WHERE campaign_id = ?")) {
      ps.setString(1, campaignId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  private static Campaign campaignOf(ResultSet rs, Map<String, Set<String>> tags)
      throws SQLException {
    String kind = rs.getString("discount_kind");
    Discount discount =
        kind == null
            ? null
            : new Discount(
                Discount.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), amount(rs, "discount_value"));
    CampaignGoals goals =
        new CampaignGoals(
            nullableLong(rs, "goal_participants"),
            amount(rs, "goal_revenue"),
            nullableLong(rs, "goal_conversions"));
    FrequencyCaps caps =
        new FrequencyCaps(
            rs.getInt("cap_ad_per_hour"),
            rs.getInt("cap_ad_per_day"),
            rs.getInt("cap_campaign_per_hour"),
            rs.getInt("cap_campaign_per_day"));
    return new Campaign(
        rs.getString("id"),
        rs.getString("name"),
        instant(rs, "starts_at"),
        instant(rs, "ends_at"),
        ZoneId.of(rs.getString("time_zone")),
        CampaignStatus.fromWire(rs.getString("status")),
        rs.getString("currency").trim(),
        amount(rs, "total_budget"),
        amount(rs, "daily_budget"),
        discount,
        rs.getString("segment"),
        goals,
        caps,
        instant(rs, "updated_at").toEpochMilli(),
        tags.getOrDefault(rs.getString("id"), Set.of()));
  }

  // ------------------------------------------------------------------------------------------ ads

  @Override
  public void putAd(Ad ad) {
    Objects.requireNonNull(ad, "ad");
    try {
      inTransaction(
          "store ad \"" + ad.id() + "\"",
          con -> {
            try (PreparedStatement ps =
                con.prepareStatement("SELECT id FROM campaigns WHERE id = ?")) {
              ps.setString(1, ad.campaignId());
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  throw new UnknownCampaignException(ad.campaignId());
                }
              }
            }
            int updated;
            try (PreparedStatement ps =
                con.prepareStatement(
                    "UPDATE ads SET campaign_id = ?, title = ?, image_url = ?, "
                        + "landing_url = ?, category = ?, bid_type = ?, bid_amount = ?, status = ?, updated_at = ? WHERE id = ?")) {
              bindAd(ps, ad);
              updated = ps.executeUpdate();
            }
            if (updated == 0) {
              try (PreparedStatement ps =
                  con.prepareStatement(
                      "INSERT INTO ads (campaign_id, title, image_url, landing_url, "
                          + "category, bid_type, bid_amount, status, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindAd(ps, ad);
                ps.executeUpdate();
              }
            } else {
              try (PreparedStatement ps =
                  con.prepareStatement("DELETE FROM ad_placements WHERE ad_id = ?")) {
                ps.setString(1, ad.id());
                ps.executeUpdate();
              }
            }
            try (PreparedStatement ps =
                con.prepareStatement(
                    "INSERT INTO ad_placements (ad_id, placement) VALUES (?, ?)")) {
              for (String p : ad.placements()) {
                ps.setString(1, ad.id());
                ps.setString(2, p);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return null;
          });
    } catch (IntegrityViolation e) {
      throw new UnknownCampaignException(ad.campaignId()); // deleted by another writer meanwhile
    }
  }

  /** Binds every column, the id last: 10 parameters. */
  private static void bindAd(PreparedStatement ps, Ad ad) throws SQLException {
    ps.setString(1, ad.campaignId());
    ps.setString(2, ad.creative().title());
    setNullable(ps, 3, ad.creative().imageUrl(), Types.VARCHAR);
    ps.setString(4, ad.creative().landingUrl());
    setNullable(ps, 5, ad.category(), Types.VARCHAR);
    ps.setString(6, ad.bid().type().wireName());
    ps.setBigDecimal(7, ad.bid().amount());
    ps.setString(8, ad.status().wireName());
    ps.setObject(9, utc(Instant.ofEpochMilli(ad.updatedMillis())));
    ps.setString(10, ad.id());
  }

  @Override
  public Optional<Ad> ad(String id) {
    Objects.requireNonNull(id, "id");
    List<Ad> found = readAds("read ad \"" + id + "\"", "a.id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<Ad> ads() {
    return readAds("read ads", null, null);
  }

  @Override
  public List<Ad> adsOf(String campaignId) {
    Objects.requireNonNull(campaignId, "campaignId");
    return readAds("read ads of campaign \"" + campaignId + "\"", "a.campaign_id = ?", campaignId);
  }

  /** Ads matching {@code where} (over alias {@code a}, one string parameter) with their placements. */
  private List<Ad> readAds(String what, String where, String parameter) {
    String filter = where == null ? "" : " WHERE " + where;
    return inTransaction(
        what,
        con -> {
          Map<String, Set<String>> placements = new HashMap<>();
          try (PreparedStatement ps =
              con.prepareStatement(
                  "SELECT p.ad_id, p.placement FROM ad_placements p JOIN ads a ON a.id = p.ad_id"
                      + filter)) {
            if (parameter != null) {
              ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                placements
                    .computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                    .add(rs.getString(2));
              }
            }
          }
          List<Ad> out = new ArrayList<>();
          try (PreparedStatement ps =
              con.prepareStatement(
                  "SELECT " + AD_COLUMNS.replaceAll("(\\w+)", "a.$1") + " FROM ads a" + filter)) {
            if (parameter != null) {
              ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Ad ad = servable(adOf(rs, placements.getOrDefault(rs.getString("id"), Set.of())));
                if (ad != null) {
                  out.add(ad);
                }
              }
            }
          }
          out.sort(Comparator.comparing(Ad::id));
          return out;
        });
  }

  /**
   * {@code c}, or null (logged) when it holds a string UTF-8 cannot carry, which only versions before
   * the check could store ({@link StoredDefinitions}).
   */
  private static Campaign servable(Campaign c) {
    String member = StoredDefinitions.unencodableMember(c);
    if (member == null) {
      return c;
    }
    LOG.warn(
        "skipping campaign {}: its {} holds an unpaired UTF-16 surrogate, stored by an older version; "
            + "delete or fix the row in the database",
        escaped(c.id()),
        member);
    return null;
  }

  /** {@code ad}, or null (logged) when it holds a string UTF-8 cannot carry. */
  private static Ad servable(Ad ad) {
    String member = StoredDefinitions.unencodableMember(ad);
    if (member == null) {
      return ad;
    }
    LOG.warn(
        "skipping ad {} of campaign {}: its {} holds an unpaired UTF-16 surrogate, stored by an older "
            + "version; delete or fix the row in the database",
        escaped(ad.id()),
        escaped(ad.campaignId()),
        member);
    return null;
  }

  /** A JSON string literal of {@code s} (surrogates and controls escaped), fit for a log line. */
  private static String escaped(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20 || Character.isSurrogate(ch) || (ch >= 0x7F && ch <= 0x9F)) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  private static Ad adOf(ResultSet rs, Set<String> placements) throws SQLException {
    if (placements.isEmpty()) {
      throw new SQLException(
          "ad \"" + rs.getString("id") + "\" has no placements in ad_placements");
    }
    return new Ad(
        rs.getString("id"),
        rs.getString("campaign_id"),
        new Creative(rs.getString("title"), rs.getString("image_url"), rs.getString("landing_url")),
        rs.getString("category"),
        placements,
        new Bid(BidType.fromWire(rs.getString("bid_type")), amount(rs, "bid_amount")),
        AdStatus.fromWire(rs.getString("status")),
        instant(rs, "updated_at").toEpochMilli());
  }

  @Override
  public boolean deleteAd(String id) {
    Objects.requireNonNull(id, "id");
    return inTransaction(
        "delete ad \"" + id + "\"",
        con -> {
          try (PreparedStatement ps =
              con.prepareStatement("DELETE FROM ad_placements WHERE ad_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = con.prepareStatement("DELETE FROM ads WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public void close() {
    db.close();
  }

  // -------------------------------------------------------------------------------------- plumbing

  /** Work done in one transaction. */
  private interface Work<T> {
    T run(Connection con) throws SQLException;
  }

  /** A foreign-key or uniqueness violation from the database: another writer got in between. */
  private static final class IntegrityViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IntegrityViolation(SQLException cause) {
      super(cause);
    }
  }

  /**
   * Runs {@code work} in a transaction: commit when it returns, roll back when it throws. A
   * database error becomes {@link CampaignStoreException} naming {@code what}; an integrity
   * violation (SQLSTATE class 23) becomes {@link IntegrityViolation} for the caller to explain.
   */
  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection con = db.connection()) {
      con.setAutoCommit(false);
      try {
        T result = work.run(con);
        con.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(con, e);
        throw e;
      }
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        throw new IntegrityViolation(e);
      }
      throw new CampaignStoreException(
          "cannot " + what + " in " + db.describe() + ": " + e.getMessage(), e);
    }
  }

  private static void rollback(Connection con, Exception failure) {
    try {
      con.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void setNullable(PreparedStatement ps, int i, Object value, int sqlType)
      throws SQLException {
    if (value == null) {
      ps.setNull(i, sqlType);
    } else {
      ps.setObject(i, value, sqlType);
    }
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** A NUMERIC column in canonical form: {@code 500.000000} is read as {@code 500}, like the rules keep it. */
  private static BigDecimal amount(ResultSet rs, String column) throws SQLException {
    BigDecimal d = rs.getBigDecimal(column);
    if (d == null) {
      return null;
    }
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
