package io.mercato.core.campaign.change;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How an amount changes a value: set it, add to it, or scale it by a percentage. */
public enum Adjust {
  /** The value becomes the amount. */
  SET,
  /** The amount is added (negative to lower): discount points, budget in currency. */
  ADD,
  /** The value is scaled by {@code 1 + amount / 100} ({@code -20} lowers it by a fifth). */
  PERCENT;

  /** The new value from {@code current} (6 decimals at most, half-up). */
  public BigDecimal apply(BigDecimal current, BigDecimal amount) {
    BigDecimal v =
        switch (this) {
          case SET -> amount;
          case ADD -> current.add(amount);
          case PERCENT -> current.multiply(BigDecimal.ONE.add(amount.movePointLeft(2)));
        };
    return FieldValues.canonical(
        v.setScale(Math.min(6, Math.max(0, v.scale())), RoundingMode.HALF_UP));
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The way named {@code s} (case-insensitive), or null. */
  public static Adjust fromWire(String s) {
    for (Adjust a : values()) {
      if (a.name().equalsIgnoreCase(s)) {
        return a;
      }
    }
    return null;
  }
}
