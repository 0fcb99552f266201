package io.mercato.core.ads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import io.mercato.core.text.IdRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a campaign from its JSON form and checks every rule, reporting each broken one with its field:
 * <pre>{@code
 * {"id": "spring-sale", "name": "Spring sale", "start": "2026-03-01T00:00:00+01:00",
 *  "end": "2026-04-01T00:00:00+02:00", "time_zone": "Europe/Rome", "status": "active",
 *  "currency": "EUR", "total_budget": 10000, "daily_budget": "500.00",
 *  "discount": {"kind": "percent", "value": 15},
 *  "segment": "profile.affinity[\"sports\"] > 0.3",
 *  "goals": {"participants": 5000, "revenue": 50000, "conversions": 400},
 *  "frequency_caps": {"ad_per_hour": 3, "ad_per_day": 10, "campaign_per_hour": 6, "campaign_per_day": 20}}
 * }</pre>
 * <ul>
 *   <li>{@code id}: optional; when given it must equal the id the write is addressed to. Both follow
 *       the {@link io.mercato.core.text.IdRule} with at most {@link EventLimits#maxIdLength()} (and
 *       {@value #MAX_ID_LENGTH}) characters; an addressed id that does not is refused on {@code id}.
 *   <li>{@code name}: required, non-blank, at most {@value #MAX_NAME_LENGTH} characters.
 *   <li>{@code start}, {@code end}: required ISO-8601 date-times with an offset; {@code end} after
 *       {@code start}. Kept as instants (reads answer them in UTC).
 *   <li>{@code time_zone}: an IANA zone id such as {@code Europe/Rome}, whose days the daily budget
 *       follows; default {@code UTC}.
 *   <li>{@code status}: {@code draft} (the default), {@code active}, {@code paused} or {@code ended}.
 *   <li>{@code currency}: required ISO 4217 code in upper case ({@code EUR}).
 *   <li>{@code total_budget}, {@code daily_budget}: required positive amounts, JSON numbers or decimal
 *       strings, at most 6 decimals, below 10^14; {@code daily_budget <= total_budget}. Amounts are
 *       kept exactly, in canonical form ({@code "500.00"} is kept as {@code 500}).
 *   <li>{@code discount}: optional {@code {kind: percent|amount, value}}; a percentage in (0, 100].
 *   <li>{@code segment}: optional CEL condition (see {@link SegmentCompiler}); absent, null or blank
 *       targets everyone. A condition that does not compile is refused with CEL's message.
 *   <li>{@code goals}: optional {@code {participants, revenue, conversions}}, each optional; counts
 *       are whole numbers ≥ 1, revenue an amount.
 *   <li>{@code frequency_caps}: optional {@code {ad_per_hour, ad_per_day, campaign_per_hour,
 *       campaign_per_day}}, whole numbers in 1..1,000,000; members left out take
 *       {@link FrequencyCaps#DEFAULTS}.
 *   <li>{@code tags}: optional array of distinct labels ({@code ["black-friday", "shoes"]}), at most
 *       {@value #MAX_TAGS}, each following the id rule with at most {@value #MAX_TAG_LENGTH}
 *       characters; absent, null or {@code []} means none. Automation rules select campaigns by them.
 * </ul>
 * {@code null} for an optional member means absent. Unknown members are refused, and so is
 * {@code updated_at}, which reads return but the server sets. Thread-safe.
 */
public final class CampaignRules {
  public static final int MAX_NAME_LENGTH = 200;

  /** Most tags a campaign may have. */
  public static final int MAX_TAGS = 32;

  /** Longest tag, in characters. */
  public static final int MAX_TAG_LENGTH = 64;

  /**
   * Longest campaign, ad, category and placement id stored, whatever {@link EventLimits#maxIdLength()}
   * allows events: what a database index entry holds.
   */
  public static final int MAX_ID_LENGTH = 512;

  static final int MAX_CAP = 1_000_000;
  static final long MAX_GOAL = 1_000_000_000_000L;
  static final List<String> FIELDS =
      List.of(
          "id",
          "name",
          "start",
          "end",
          "time_zone",
          "status",
          "currency",
          "total_budget",
          "daily_budget",
          "discount",
          "segment",
          "goals",
          "frequency_caps",
          "tags");
  static final List<String> SERVER_SET = List.of("updated_at");

  private final int maxIdLength;
  private final SegmentCompiler segments;

  public CampaignRules(EventLimits limits, SegmentCompiler segments) {
    this.maxIdLength =
        Math.min(MAX_ID_LENGTH, Objects.requireNonNull(limits, "limits").maxIdLength());
    this.segments = Objects.requireNonNull(segments, "segments");
  }

  /**
   * The campaign {@code body} describes.
   *
   * @param campaignId    the id the write is addressed to (the path id)
   * @param updatedMillis stamped as {@link Campaign#updatedMillis()}
   * @throws ValidationException listing every broken rule
   */
  public Campaign read(ObjectNode body, String campaignId, long updatedMillis) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(campaignId, "campaignId");
    List<FieldError> errors = new ArrayList<>();
    FieldReader r = new FieldReader(body, "", errors, FIELDS, SERVER_SET);
    String addressed = new IdRule(maxIdLength).violation(campaignId);
    if (addressed != null) {
      r.error("id", "the campaign id of the request " + addressed);
    }
    String id = r.id("id", false, maxIdLength);
    if (id != null && addressed == null && !id.equals(campaignId)) {
      r.error(
          "id",
          "must match the campaign id of the request (\""
              + FieldReader.abbreviate(campaignId)
              + "\") but was \""
              + FieldReader.abbreviate(id)
              + "\"; leave it out or send the same id");
    }
    String name = r.label("name", true, MAX_NAME_LENGTH);
    Instant start = r.instant("start", true);
    Instant end = r.instant("end", true);
    if (start != null && end != null && !end.isAfter(start)) {
      r.error("end", "must be after start (" + start + ") but was " + end);
    }
    ZoneId zone = zone(r);
    CampaignStatus status = CampaignStatus.DRAFT;
    String statusText = r.text("status", false);
    if (statusText != null) {
      status = CampaignStatus.fromWire(statusText);
      if (status == null) {
        r.error(
            "status",
            "must be one of draft, active, paused, ended but was \""
                + FieldReader.abbreviate(statusText)
                + "\"");
      }
    }
    String currency = currency(r);
    BigDecimal total = r.amount("total_budget", true);
    BigDecimal daily = r.amount("daily_budget", true);
    if (total != null && daily != null && daily.compareTo(total) > 0) {
      r.error(
          "daily_budget",
          "must not exceed total_budget ("
              + total.toPlainString()
              + ") but was "
              + daily.toPlainString());
    }
    Discount discount = discount(r);
    String segment = r.text("segment", false);
    if (segment != null && segment.isBlank()) {
      segment = null;
    }
    if (segment != null) {
      try {
        segments.compile(segment);
      } catch (ValidationException e) {
        errors.addAll(e.errors());
      }
    }
    CampaignGoals goals = goals(r);
    FrequencyCaps caps = caps(r);
    Set<String> tags = tags(body, r);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Campaign(
        campaignId,
        name,
        start,
        end,
        zone,
        status,
        currency,
        total,
        daily,
        discount,
        segment,
        goals,
        caps,
        updatedMillis,
        tags);
  }

  private static Set<String> tags(ObjectNode body, FieldReader r) {
    if (body.path("tags").isArray() && body.path("tags").isEmpty()) {
      return Set.of(); // [] is "no tags", which the reader's non-empty id list would refuse
    }
    List<String> tags = r.ids("tags", false, MAX_TAGS, MAX_TAG_LENGTH);
    return tags == null ? Set.of() : Set.copyOf(tags);
  }

  private static ZoneId zone(FieldReader r) {
    String z = r.text("time_zone", false);
    if (z == null) {
      return ZoneId.of("UTC");
    }
    if (!ZoneId.getAvailableZoneIds().contains(z)) {
      r.error(
          "time_zone",
          "must be an IANA time zone id such as Europe/Rome or UTC but was \""
              + FieldReader.abbreviate(z)
              + "\"");
      return null;
    }
    return ZoneId.of(z);
  }

  private static String currency(FieldReader r) {
    String c = r.text("currency", true);
    if (c == null) {
      return null;
    }
    boolean known;
    try {
      known =
          c.length() == 3
              && c.equals(c.toUpperCase(Locale.ROOT))
              && Currency.getInstance(c).getCurrencyCode().equals(c);
    } catch (IllegalArgumentException e) {
      known = false;
    }
    if (!known) {
      r.error(
          "currency",
          "must be an ISO 4217 currency code in upper case such as EUR or USD but was \""
              + FieldReader.abbreviate(c)
              + "\"");
      return null;
    }
    return c;
  }

  private static Discount discount(FieldReader r) {
    FieldReader d = r.object("discount", false, List.of("kind", "value"));
    if (d == null) {
      return null;
    }
    String kindText = d.text("kind", true);
    Discount.Kind kind = null;
    if (kindText != null) {
      kind =
          switch (kindText) {
            case "percent" -> Discount.Kind.PERCENT;
            case "amount" -> Discount.Kind.AMOUNT;
            default -> null;
          };
      if (kind == null) {
        d.error(
            "kind",
            "must be percent or amount but was \"" + FieldReader.abbreviate(kindText) + "\"");
      }
    }
    BigDecimal value = d.amount("value", true);
    if (kind == Discount.Kind.PERCENT
        && value != null
        && value.compareTo(BigDecimal.valueOf(100)) > 0) {
      d.error("value", "a percent discount must be at most 100 but was " + value.toPlainString());
      return null;
    }
    return kind == null || value == null ? null : new Discount(kind, value);
  }

  private static CampaignGoals goals(FieldReader r) {
    FieldReader g = r.object("goals", false, List.of("participants", "revenue", "conversions"));
    if (g == null) {
      return CampaignGoals.NONE;
    }
    Long participants = g.whole("participants", 1, MAX_GOAL);
    BigDecimal revenue = g.amount("revenue", false);
    Long conversions = g.whole("conversions", 1, MAX_GOAL);
    return new CampaignGoals(participants, revenue, conversions);
  }

  private static FrequencyCaps caps(FieldReader r) {
    FieldReader c =
        r.object(
            "frequency_caps",
            false,
            List.of("ad_per_hour", "ad_per_day", "campaign_per_hour", "campaign_per_day"));
    FrequencyCaps d = FrequencyCaps.DEFAULTS;
    if (c == null) {
      return d;
    }
    return new FrequencyCaps(
        cap(c, "ad_per_hour", d.adPerHour()),
        cap(c, "ad_per_day", d.adPerDay()),
        cap(c, "campaign_per_hour", d.campaignPerHour()),
        cap(c, "campaign_per_day", d.campaignPerDay()));
  }

  private static int cap(FieldReader c, String name, int fallback) {
    Long v = c.whole(name, 1, MAX_CAP);
    return v == null ? fallback : v.intValue();
  }
}
