package io.mercato.core.campaign.change;

import io.mercato.core.error.FieldError;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Server-side limits on every change, whoever makes it (configurable; {@link #defaults()}):
 * <ul>
 *   <li><b>hard limits per field</b> — a percent discount in (0, {@code maxDiscountPercent}], a bid
 *       in [{@code minBid}, {@code maxBid}], a daily budget positive, at most the total budget and
 *       at most {@code maxDailyBudget} (when set), an end at most {@code maxRunLength} after the
 *       start (the end-date ceiling);
 *   <li><b>maximum change per run</b> — what one rule run may change: a percent discount by
 *       {@code maxDiscountPointsPerRun} points, a bid, a daily budget or an amount discount by
 *       {@code maxChangePercentPerRun} percent of its value, an end by {@code maxExtensionPerRun}, a
 *       budget move by {@code maxMovePercentPerRun} percent of what the source may give;
 *   <li><b>budget conservation</b> — a move keeps the sum of the two total budgets, and never takes a
 *       source below what it spent or below its daily budget.
 * </ul>
 * A rule whose own static limits break one is refused at save ({@link #violations}); at run time a
 * rule's change is clamped and the clamp recorded, and a person's change beyond a hard limit is
 * refused (a person gets an error rather than a silently smaller change). The per-run maximum
 * applies to rule runs only.
 *
 * @param maxDiscountPercent      highest percent discount, in (0, 100]
 * @param maxDiscountPointsPerRun most percentage points a percent discount moves per run, positive
 * @param maxChangePercentPerRun  most a bid, daily budget or amount discount moves per run, percent
 *                                of its value, positive
 * @param minBid                  lowest bid, positive
 * @param maxBid                  highest bid, at least {@code minBid}
 * @param maxDailyBudget          highest daily budget, or null for none (the total budget still caps it)
 * @param maxExtensionPerRun      most a run extends an end by, positive
 * @param maxRunLength            latest end a change may set, measured from the campaign's start
 * @param maxMovePercentPerRun    most of the source's movable budget one run moves, percent in (0, 100]
 */
public record Guardrails(
    BigDecimal maxDiscountPercent,
    BigDecimal maxDiscountPointsPerRun,
    BigDecimal maxChangePercentPerRun,
    BigDecimal minBid,
    BigDecimal maxBid,
    BigDecimal maxDailyBudget,
    Duration maxExtensionPerRun,
    Duration maxRunLength,
    BigDecimal maxMovePercentPerRun) {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public Guardrails {
    positive(maxDiscountPercent, "maxDiscountPercent");
    positive(maxDiscountPointsPerRun, "maxDiscountPointsPerRun");
    positive(maxChangePercentPerRun, "maxChangePercentPerRun");
    positive(minBid, "minBid");
    positive(maxBid, "maxBid");
    positive(maxMovePercentPerRun, "maxMovePercentPerRun");
    if (maxDailyBudget != null) {
      positive(maxDailyBudget, "maxDailyBudget");
    }
    Objects.requireNonNull(maxExtensionPerRun, "maxExtensionPerRun");
    Objects.requireNonNull(maxRunLength, "maxRunLength");
    if (maxDiscountPercent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException(
          "maxDiscountPercent must be at most 100 but was " + maxDiscountPercent);
    }
    if (maxMovePercentPerRun.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException(
          "maxMovePercentPerRun must be at most 100 but was " + maxMovePercentPerRun);
    }
    if (maxBid.compareTo(minBid) < 0) {
      throw new IllegalArgumentException(
          "maxBid must be at least minBid (" + minBid + ") but was " + maxBid);
    }
    if (maxExtensionPerRun.isNegative()
        || maxExtensionPerRun.isZero()
        || maxRunLength.isNegative()
        || maxRunLength.isZero()) {
      throw new IllegalArgumentException("maxExtensionPerRun and maxRunLength must be positive");
    }
  }

  private static void positive(BigDecimal v, String name) {
    Objects.requireNonNull(v, name);
    if (v.signum() <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + v);
    }
  }

  /**
   * Percent discounts up to 70%, moved at most 10 points per run; bids in [0.01, 1000]; bids, daily
   * budgets and amount discounts moved at most 50% per run; no daily budget cap beyond the total
   * budget; extensions of at most 7 days per run, ends at most 366 days after the start; at most half
   * of the movable budget moved per run.
   */
  public static Guardrails defaults() {
    return new Guardrails(
        BigDecimal.valueOf(70),
        BigDecimal.TEN,
        BigDecimal.valueOf(50),
        new BigDecimal("0.01"),
        BigDecimal.valueOf(1000),
        null,
        Duration.ofDays(7),
        Duration.ofDays(366),
        BigDecimal.valueOf(50));
  }

  /**
   * The guardrails that an operation's own static limits break, named by their field under
   * {@code prefix} (e.g. {@code actions[0].}): what makes a rule be refused at save time.
   */
  public List<FieldError> violations(Operation op, String prefix) {
    List<FieldError> out = new ArrayList<>();
    if (op instanceof Operation.ChangeDiscount d) {
      bounds(out, prefix, d.min(), d.max());
      if (d.how() == Adjust.SET) {
        above(
            out,
            prefix + "amount",
            d.amount(),
            maxDiscountPercent,
            "the discount guardrail (max_discount_percent)");
        if (d.amount().signum() <= 0) {
          out.add(
              new FieldError(
                  prefix + "amount", "must be positive but was " + d.amount().toPlainString()));
        }
      } else if (d.how() == Adjust.ADD) {
        above(
            out,
            prefix + "amount",
            d.amount().abs(),
            maxDiscountPointsPerRun,
            "the most points a run may move a discount (max_discount_points_per_run)");
      } else {
        above(
            out,
            prefix + "amount",
            d.amount().abs(),
            maxChangePercentPerRun,
            "the most a run may change a value, in percent (max_change_percent_per_run)");
      }
      above(
          out,
          prefix + "max",
          d.max(),
          maxDiscountPercent,
          "the discount guardrail (max_discount_percent)");
      notPositive(out, prefix + "min", d.min());
    } else if (op instanceof Operation.ChangeBid b) {
      bounds(out, prefix, b.min(), b.max());
      above(
          out,
          prefix + "percent",
          b.percent().abs(),
          maxChangePercentPerRun,
          "the most a run may change a bid, in percent (max_change_percent_per_run)");
      if (b.percent().compareTo(HUNDRED.negate()) <= 0) {
        out.add(
            new FieldError(
                prefix + "percent", "must be above -100 but was " + b.percent().toPlainString()));
      }
      above(out, prefix + "max", b.max(), maxBid, "the highest bid (max_bid)");
      if (b.min() != null && b.min().compareTo(minBid) < 0) {
        out.add(
            new FieldError(
                prefix + "min",
                "is below the lowest bid guardrail (min_bid "
                    + minBid.toPlainString()
                    + "): "
                    + b.min().toPlainString()));
      }
    } else if (op instanceof Operation.ChangeDailyBudget b) {
      bounds(out, prefix, b.min(), b.max());
      if (b.how() == Adjust.SET) {
        notPositive(out, prefix + "amount", b.amount());
        above(
            out,
            prefix + "amount",
            b.amount(),
            maxDailyBudget,
            "the daily budget guardrail (max_daily_budget)");
      } else if (b.how() == Adjust.PERCENT) {
        above(
            out,
            prefix + "amount",
            b.amount().abs(),
            maxChangePercentPerRun,
            "the most a run may change a daily budget, in percent (max_change_percent_per_run)");
      }
      above(
          out,
          prefix + "max",
          b.max(),
          maxDailyBudget,
          "the daily budget guardrail (max_daily_budget)");
      notPositive(out, prefix + "min", b.min());
    } else if (op instanceof Operation.ExtendEnd e) {
      if (e.by().compareTo(maxExtensionPerRun) > 0) {
        out.add(
            new FieldError(
                prefix + "by",
                "is above the most a run may extend an end (max_extension_per_run "
                    + maxExtensionPerRun
                    + "): "
                    + e.by()));
      }
    } else if (op instanceof Operation.MoveBudget m) {
      notPositive(out, prefix + "amount", m.amount());
    }
    return out;
  }

  private static void bounds(List<FieldError> out, String prefix, BigDecimal min, BigDecimal max) {
    if (min != null && max != null && min.compareTo(max) > 0) {
      out.add(
          new FieldError(
              prefix + "min",
              "must not exceed max (" + max.toPlainString() + ") but was " + min.toPlainString()));
    }
  }

  private static void above(
      List<FieldError> out, String field, BigDecimal v, BigDecimal limit, String what) {
    if (v != null && limit != null && v.compareTo(limit) > 0) {
      out.add(
          new FieldError(
              field,
              "is above " + what + " of " + limit.toPlainString() + ": " + v.toPlainString()));
    }
  }

  private static void notPositive(List<FieldError> out, String field, BigDecimal v) {
    if (v != null && v.signum() <= 0) {
      out.add(new FieldError(field, "must be positive but was " + v.toPlainString()));
    }
  }
}
