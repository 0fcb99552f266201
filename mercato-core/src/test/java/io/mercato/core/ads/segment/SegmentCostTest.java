package io.mercato.core.ads.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * The worst-case cost estimate of segment conditions, and the limit it enforces when a campaign is
 * written (issue 13 item 10). A step is about one expression node evaluated; comprehensions cost
 * their body once per element of their range, bounded by what the profile can hold.
 */
class SegmentCostTest {
  private static final SegmentCompiler UNLIMITED = new SegmentCompiler(Long.MAX_VALUE);

  private static long cost(String expression) {
    return UNLIMITED.compile(expression).cost();
  }

  @Test
  void plainConditionsCostAFewSteps() {
    assertThat(cost("profile.affinity[\"sports\"] > 0.3")).isLessThan(10);
    assertThat(cost(SegmentCompilerTest.EXAMPLE)).isLessThan(30);
  }

  @Test
  void aComprehensionCostsItsBodyOncePerElementOfItsBoundedRange() {
    long one = cost("profile.recent_items.exists(x, x == \"p-1\")");
    // 50 recent items at most; the body is a few steps
    assertThat(one).isBetween(50L * 3, 50L * 10);
    long session = cost("profile.session_items.exists(x, x == \"p-1\")");
    assertThat(session).isBetween(20L * 3, 20L * 10);
    // a list literal's range is its length
    assertThat(cost("[\"a\", \"b\"].exists(x, x in profile.recent_items)")).isLessThan(200);
  }

  @Test
  void nestedComprehensionsMultiply() {
    long one = cost("profile.recent_items.exists(x, x == \"p-1\")");
    long two =
        cost("profile.recent_items.exists(x, profile.recent_items.exists(y, x + y == \"p-1\"))");
    long three =
        cost(
            "profile.recent_items.exists(x, profile.recent_items.exists(y, profile.recent_items.exists(z, "
                + "x + y + z == \"p\")))");
    assertThat(two).isGreaterThan(40 * one);
    assertThat(three).isGreaterThan(40 * two);
  }

  @Test
  void aConditionOverTheLimitIsRefusedNamingItsCostAndTheSetting() {
    String nested =
        "profile.recent_items.exists(x, profile.recent_items.exists(y, x + y == \"p-1\"))";
    assertThatThrownBy(() -> new SegmentCompiler().compile(nested))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.errors()).hasSize(1);
              assertThat(e.errors().get(0).field()).isEqualTo("segment");
              assertThat(e.errors().get(0).message())
                  .startsWith("is too costly: up to " + cost(nested) + " evaluation steps")
                  .contains("limit of 10000 (ads.max-segment-cost)");
            });
    // the same condition passes a compiler with a higher limit, and a lower limit refuses cheaper
    // ones
    assertThat(new SegmentCompiler(cost(nested)).compile(nested).cost()).isEqualTo(cost(nested));
    assertThatThrownBy(
            () -> new SegmentCompiler(100).compile("profile.recent_items.exists(x, x == \"p-1\")"))
        .isInstanceOf(ValidationException.class);
  }
}
