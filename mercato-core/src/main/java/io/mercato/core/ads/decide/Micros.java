package io.mercato.core.ads.decide;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as a {@code long} of millionths of the currency unit: exact for every amount the API
 * accepts at six decimals, and cheap to add under a lock. CPM bids divided by 1,000 stay exact
 * to three decimals of the bid.
 */
final class Micros {
  private Micros() {}

  /** {@code amount} in micros, rounded half-up at six decimals. */
  static long of(BigDecimal amount) {
    return amount.setScale(6, RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  /** Micros back to an amount with six decimals, trailing zeros stripped (0 stays 0). */
  static BigDecimal toAmount(long micros) {
    BigDecimal v = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    return v.signum() == 0 ? BigDecimal.ZERO : v;
  }
}
