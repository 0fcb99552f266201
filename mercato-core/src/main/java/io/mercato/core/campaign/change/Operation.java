package io.mercato.core.campaign.change;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a change does to its target, independent of who asks: the operations of manual adjustments
 * and of rule actions. Bounds ({@code min}, {@code max}, {@code ceiling}) are the asker's own limits
 * and may be null; the {@link Guardrails} always apply on top of them.
 */
public sealed interface Operation {
  /** The operation's wire name ({@code change_discount}). */
  String wireName();

  /** Pauses the target campaign or ad. */
  record Pause() implements Operation {
    @Override
    public String wireName() {
      return "pause";
    }
  }

  /** Resumes (activates) the target campaign or ad. */
  record Resume() implements Operation {
    @Override
    public String wireName() {
      return "resume";
    }
  }

  /**
   * Moves a campaign's end later by {@code by}, never past {@code ceiling}.
   *
   * @param by      positive
   * @param ceiling the latest end this operation may set, or null (then only the guardrail's)
   */
  record ExtendEnd(Duration by, Instant ceiling) implements Operation {
    public ExtendEnd {
      Objects.requireNonNull(by, "by");
      if (by.isNegative() || by.isZero()) {
        throw new IllegalArgumentException("an extension must be positive but was " + by);
      }
    }

    @Override
    public String wireName() {
      return "extend_end";
    }
  }

  /**
   * Sets or changes a campaign's discount value. A percent discount moves in percentage points
   * with {@link Adjust#ADD}; an amount discount in its currency. A campaign without a discount gets
   * a percent discount from {@link Adjust#SET} or {@link Adjust#ADD} (from 0).
   *
   * @param min lowest value this may set (> 0), or null
   * @param max highest value this may set, or null
   */
  record ChangeDiscount(Adjust how, BigDecimal amount, BigDecimal min, BigDecimal max)
      implements Operation {
    public ChangeDiscount {
      Objects.requireNonNull(how, "how");
      Objects.requireNonNull(amount, "amount");
    }

    @Override
    public String wireName() {
      return "change_discount";
    }
  }

  /**
   * Changes an ad's bid by {@code percent} ({@code -10} lowers it by a tenth).
   *
   * @param min lowest bid this may set, or null
   * @param max highest bid this may set, or null
   */
  record ChangeBid(BigDecimal percent, BigDecimal min, BigDecimal max) implements Operation {
    public ChangeBid {
      Objects.requireNonNull(percent, "percent");
    }

    @Override
    public String wireName() {
      return "change_bid";
    }
  }

  /**
   * Sets or changes a campaign's daily budget (never above its total budget).
   *
   * @param min lowest daily budget this may set, or null
   * @param max highest daily budget this may set, or null
   */
  record ChangeDailyBudget(Adjust how, BigDecimal amount, BigDecimal min, BigDecimal max)
      implements Operation {
    public ChangeDailyBudget {
      Objects.requireNonNull(how, "how");
      Objects.requireNonNull(amount, "amount");
    }

    @Override
    public String wireName() {
      return "change_daily_budget";
    }
  }

  /**
   * Moves {@code amount} of total budget from the target campaign to campaign {@code to}; the sum of
   * the two total budgets is unchanged.
   *
   * @param amount positive, in the campaigns' currency (both must have the same)
   */
  record MoveBudget(String to, BigDecimal amount) implements Operation {
    public MoveBudget {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(amount, "amount");
    }

    @Override
    public String wireName() {
      return "move_budget";
    }
  }

  /**
   * Sets a field back to a value it had (undo): refused when the field is no longer at
   * {@code expected}.
   *
   * @param expected the value the field must have now (what the undone change set)
   * @param value    the value to restore
   */
  record Restore(ChangeField field, String expected, String value) implements Operation {
    public Restore {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String wireName() {
      return "restore";
    }
  }
}
