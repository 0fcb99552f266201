package io.mercato.core.ads.decide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Money as a {@code long} of millionths of the currency unit: exact at six decimals for amounts up
 * to ±9.22·10^12 (a {@code long} of micros), cheap to add under a lock. CPM bids divided by 1,000
 * stay exact to three decimals of the bid. Campaign amounts are accepted up to 10^14 and event values
 * are any finite number, so larger amounts saturate at that bound: it is far beyond any real budget,
 * and an exception here would be thrown while an event is applied, after it was journaled, so again
 * at every recovery.
 */
public final class Micros {
  private Micros() {}

  /** {@code amount} in micros, rounded half-up at six decimals, saturated to the range of a {@code long}. */
  public static long of(BigDecimal amount) {
    return saturated(amount.setScale(6, RoundingMode.HALF_UP).unscaledValue());
  }

  /** An event's {@code value} (any finite double) in micros, as {@link #of}. */
  static long ofValue(double value) {
    return of(BigDecimal.valueOf(value));
  }

  private static long saturated(BigInteger micros) {
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
