package io.mercato.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The cluster ledger converts money as the embedded one does. Regression: it had its own conversion
 * that threw for budgets of 9.3·10^12 and more (accepted up to 10^14), failing every decision of that
 * campaign with a 500.
 */
class RedisAdLedgerMicrosTest {
  @Test
  void largeBudgetsSaturateInsteadOfThrowing() {
    assertThat(RedisAdLedger.micros(new BigDecimal("99999999999999.999999")))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(RedisAdLedger.micros(new BigDecimal("9300000000000"))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void ordinaryAmountsRoundHalfUpAtSixDecimals() {
    assertThat(RedisAdLedger.micros(new BigDecimal("19.99"))).isEqualTo(19_990_000L);
    assertThat(RedisAdLedger.micros(new BigDecimal("0.0000005"))).isEqualTo(1L);
    assertThat(RedisAdLedger.micros(new BigDecimal("0.00000049"))).isZero();
  }
}
