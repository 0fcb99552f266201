package io.mercato.core.ads;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A campaign's promotion: a percentage off, or a fixed amount off in the campaign's currency.
 *
 * @param kind  percent or amount
 * @param value for {@link Kind#PERCENT} in (0, 100]; for {@link Kind#AMOUNT} positive
 */
public record Discount(Kind kind, BigDecimal value) {
  /** How the value is read. */
  public enum Kind {
    PERCENT,
    AMOUNT
  }

  public Discount {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("discount must be positive but was " + value);
    }
    if (kind == Kind.PERCENT && value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("a percent discount must be at most 100 but was " + value);
    }
  }
}
