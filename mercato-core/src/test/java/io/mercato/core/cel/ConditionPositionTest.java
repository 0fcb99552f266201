package io.mercato.core.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.segment.SegmentCompiler;
import org.junit.jupiter.api.Test;

/** A segment that does not compile says where, through the plumbing rules share. */
class ConditionPositionTest {
  @Test
  void aSegmentErrorCarriesThePositionOfItsFault() {
    assertThatThrownBy(
            () -> new SegmentCompiler().compile("profile.purchases > 0 &&\n  profile.nope"))
        .isInstanceOfSatisfying(
            ConditionException.class,
            e -> {
              assertThat(e.field()).isEqualTo("segment");
              assertThat(e.position()).isEqualTo(new ConditionPosition(2, 3, 27));
              assertThat(e.message()).contains("2:3: undeclared reference to 'profile'");
            });
  }
}
