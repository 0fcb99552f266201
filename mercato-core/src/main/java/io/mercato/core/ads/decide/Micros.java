package io.mercato.core.ads.decide;

import java.math.BigDecimal;
import java.math.BigInteger;
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

  /**
   * An event's {@code value} (any finite double: the event contract bounds it no further) in micros,
   * rounded half-up at six decimals and saturated to the range of a {@code long}: a value of
   * ±9.22·10^12 or beyond counts as that bound. An exception here would be thrown while the event is
   * applied, after it was journaled, and so again at every recovery.
   */
  static long ofValue(double value) {
    BigInteger micros = BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).unscaledValue();
    if (micros.bitLength() < Long.SIZE) {
      return micros.longValue();
    }
    return micros.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  /** {@code a + b}, saturated at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE} instead of wrapping round. */
  static long plus(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** Micros back to an amount with six decimals, trailing zeros stripped (0 stays 0). */
  static BigDecimal toAmount(long micros) {
    BigDecimal v = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    return v.signum() == 0 ? BigDecimal.ZERO : v;
  }
}
