package io.mercato.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeKeyTest {
  private static final Event FULL =
      new Event(
          "e1",
          false,
          "ad_click",
          "u1",
          "i1",
          "a1",
          "c1",
          "sports",
          2.5,
          1_000L,
          Map.of("placement", "home", "slot", 3));
  private static final Event BARE =
      new Event("e2", false, "view", "u1", "i1", null, null, null, null, 1_000L, Map.of());

  @Test
  void joinsTheFieldsInDeclarationOrder() {
    assertThat(new CompositeKey("campaign_id+category").keyOf(FULL)).isEqualTo("c1|sports");
    assertThat(new CompositeKey("category+campaign_id").keyOf(FULL)).isEqualTo("sports|c1");
    assertThat(new CompositeKey("user_id+item_id+ad_id+type").keyOf(FULL))
        .isEqualTo("u1|i1|a1|ad_click");
  }

  @Test
  void readsAttributesAsText() {
    assertThat(new CompositeKey("ad_id+attributes.placement").keyOf(FULL)).isEqualTo("a1|home");
    assertThat(new CompositeKey("attributes.slot+attributes.placement+type").keyOf(FULL))
        .isEqualTo("3|home|ad_click");
  }

  @Test
  void anEventLackingAnyFieldHasNoKey() {
    assertThat(new CompositeKey("campaign_id+category").keyOf(BARE)).isNull();
    assertThat(new CompositeKey("item_id+category").keyOf(BARE))
        .as("second field missing")
        .isNull();
    assertThat(new CompositeKey("user_id+item_id+attributes.placement").keyOf(BARE))
        .as("third field missing")
        .isNull();
  }

  @Test
  void rejectsUnknownFieldsAndSingleFields() {
    assertThatThrownBy(() -> new CompositeKey("campaign_id+colour"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'colour'")
        .hasMessageContaining("attributes.<name>");
    assertThatThrownBy(() -> new CompositeKey("category"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two fields");
    assertThatThrownBy(() -> new CompositeKey("category+attributes."))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
