package io.mercato.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.RejectReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingTest {
  @Test
  void theEquationHoldsWhenEveryRecordIsAccountedFor() {
    Accounting a = new Accounting(12_391, 1_599, 0, 0, Map.of(RejectReason.TOO_LATE, 10_792L));
    assertThat(a.balanced()).isTrue();
    assertThat(a.rejectedTotal()).isEqualTo(10_792);
    assertThat(a.equation())
        .isEqualTo(
            "read 12,391 = accepted 1,599 + duplicates 0 + sampled 0 + rejected 10,792 (too_late 10,792)");
  }

  @Test
  void aMissingRecordIsShownNotHidden() {
    Accounting a = new Accounting(12_391, 1_599, 0, 0, Map.of());
    assertThat(a.balanced()).isFalse();
    assertThat(a.unaccounted()).isEqualTo(10_792);
    assertThat(a.equation())
        .isEqualTo(
            "read 12,391 ≠ accepted 1,599 + duplicates 0 + sampled 0 + rejected 0 (10,792 unaccounted)");
  }

  @Test
  void sumsAddReasonByReasonAndDropEmptyReasons() {
    Accounting a =
        new Accounting(10, 5, 1, 1, Map.of(RejectReason.INVALID, 3L, RejectReason.TOO_LATE, 0L));
    Accounting b = new Accounting(4, 1, 0, 0, Map.of(RejectReason.TOO_LATE, 3L));
    Accounting sum = a.plus(b);
    assertThat(sum)
        .isEqualTo(
            new Accounting(
                14, 6, 1, 1, Map.of(RejectReason.INVALID, 3L, RejectReason.TOO_LATE, 3L)));
    assertThat(a.rejected()).containsOnlyKeys(RejectReason.INVALID);
    assertThat(sum.balanced()).isTrue();
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> new Accounting(-1, 0, 0, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read -1");
    assertThatThrownBy(() -> new Accounting(1, 0, 0, 0, Map.of(RejectReason.INVALID, -1L)))
        .hasMessage("rejected invalid must not be negative but was -1");
  }

  @Test
  void reasonCodesAreStable() {
    assertThat(RejectReason.TOO_LATE.code()).isEqualTo("too_late");
    assertThat(RejectReason.ofCode("invalid")).isEqualTo(RejectReason.INVALID);
    assertThatThrownBy(() -> RejectReason.ofCode("nope"))
        .hasMessage("unknown reject reason \"nope\"");
  }
}
