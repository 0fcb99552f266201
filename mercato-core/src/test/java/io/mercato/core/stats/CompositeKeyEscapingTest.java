package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 8: a composite key is structured text, so client values are escaped in it. */
class CompositeKeyEscapingTest {
  static Event ev(String campaign, String category) {
    return new Event(
        "e", false, "click", "u", null, null, campaign, category, null, 1_000L, Map.of());
  }

  @Test
  void valuesHoldingTheSeparatorCannotMakeTwoKeysEqual() {
    CompositeKey k = new CompositeKey("campaign_id+category");
    assertThat(k.keyOf(ev("a|b", "c"))).isEqualTo("a\\|b|c");
    assertThat(k.keyOf(ev("a", "b|c"))).isEqualTo("a|b\\|c");
    assertThat(k.keyOf(ev("a\\", "|c"))).isEqualTo("a\\\\|\\|c");
    assertThat(k.keyOf(ev("a", "\\|c"))).isEqualTo("a|\\\\\\|c");
  }

  @Test
  void plainValuesAreJoinedAsBeforeAndJoinAgreesWithKeyOf() {
    CompositeKey k = new CompositeKey("campaign_id+category");
    assertThat(k.keyOf(ev("spring-sale", "sports"))).isEqualTo("spring-sale|sports");
    for (String[] v : new String[][] {{"a|b", "c"}, {"x\\y", "z"}, {"é", "😀"}}) {
      assertThat(CompositeKey.join(v)).isEqualTo(k.keyOf(ev(v[0], v[1])));
    }
  }
}
