package io.mercato.core.campaign.change;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Discount;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * The text form of every changeable field, and how a field is read from and written into a
 * campaign or an ad. The audit log stores these texts; undo and the stale-value check compare them,
 * so one value has exactly one text:
 * <ul>
 *   <li>status: the wire name ({@code active}, {@code paused});
 *   <li>end: the instant in UTC, ISO-8601 ({@code 2026-04-01T00:00:00Z});
 *   <li>discount: {@code none}, {@code percent:<value>} or {@code amount:<value>};
 *   <li>bid, daily and total budget: the amount in canonical plain form ({@code 0.4}, {@code 500}).
 * </ul>
 */
public final class FieldValues {
  /** The text of "no discount". */
  public static final String NO_DISCOUNT = "none";

  private FieldValues() {}

  /** The current text of {@code field} of a campaign. */
  public static String read(Campaign c, ChangeField field) {
    return switch (field) {
      case STATUS -> c.status().wireName();
      case END -> c.end().toString();
      case DISCOUNT -> discount(c.discount());
      case DAILY_BUDGET -> amount(c.dailyBudget());
      case TOTAL_BUDGET -> amount(c.totalBudget());
      default -> throw new IllegalArgumentException("campaigns have no field " + field.wireName());
    };
  }

  /** The current text of {@code field} of an ad. */
  public static String read(Ad a, ChangeField field) {
    return switch (field) {
      case STATUS -> a.status().wireName();
      case BID -> amount(a.bid().amount());
      default -> throw new IllegalArgumentException("ads have no field " + field.wireName());
    };
  }

  /**
   * {@code c} with {@code field} set to the text {@code value}, stamped {@code updatedMillis}.
   *
   * @throws IllegalArgumentException when the text is not a value of the field, or the result
   *                                  breaks a campaign invariant (e.g. daily above total budget)
   */
  public static Campaign with(Campaign c, ChangeField field, String value, long updatedMillis) {
    CampaignStatus status = c.status();
    Instant end = c.end();
    Discount discount = c.discount();
    BigDecimal daily = c.dailyBudget();
    BigDecimal total = c.totalBudget();
    switch (field) {
      case STATUS -> {
        status = CampaignStatus.fromWire(value);
        if (status == null) {
          throw new IllegalArgumentException("not a campaign status: " + value);
        }
      }
      case END -> end = Instant.parse(value);
      case DISCOUNT -> discount = discount(value);
      case DAILY_BUDGET -> daily = new BigDecimal(value);
      case TOTAL_BUDGET -> total = new BigDecimal(value);
      default -> throw new IllegalArgumentException("campaigns have no field " + field.wireName());
    }
    if (daily.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          "daily budget " + amount(daily) + " would exceed total budget " + amount(total));
    }
    return new Campaign(
        c.id(),
        c.name(),
        c.start(),
        end,
        c.timeZone(),
        status,
        c.currency(),
        total,
        daily,
        discount,
        c.segment(),
        c.goals(),
        c.caps(),
        updatedMillis,
        c.tags());
  }

  /** {@code a} with {@code field} set to the text {@code value}, stamped {@code updatedMillis}. */
  public static Ad with(Ad a, ChangeField field, String value, long updatedMillis) {
    AdStatus status = a.status();
    Bid bid = a.bid();
    switch (field) {
      case STATUS -> {
        status = AdStatus.fromWire(value);
        if (status == null) {
          throw new IllegalArgumentException("not an ad status: " + value);
        }
      }
      case BID -> bid = new Bid(bid.type(), new BigDecimal(value));
      default -> throw new IllegalArgumentException("ads have no field " + field.wireName());
    }
    return new Ad(
        a.id(),
        a.campaignId(),
        a.creative(),
        a.category(),
        a.placements(),
        bid,
        status,
        updatedMillis);
  }

  /** The text of a discount ({@code none} for null). */
  public static String discount(Discount d) {
    return d == null
        ? NO_DISCOUNT
        : d.kind().name().toLowerCase(Locale.ROOT) + ":" + amount(d.value());
  }

  /** The discount of a text of {@link #discount(Discount)}; null for {@code none}. */
  public static Discount discount(String text) {
    if (NO_DISCOUNT.equals(text)) {
      return null;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a discount: " + text);
    }
    Discount.Kind kind = Discount.Kind.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
    return new Discount(kind, new BigDecimal(text.substring(colon + 1)));
  }

  /** An amount in canonical plain form: no exponent, no trailing zeros after the point. */
  public static String amount(BigDecimal d) {
    return canonical(d).toPlainString();
  }

  /** {@code d} without trailing zeros after the point and never with a negative scale. */
  public static BigDecimal canonical(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
