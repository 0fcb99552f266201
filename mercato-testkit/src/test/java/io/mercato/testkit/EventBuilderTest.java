package io.mercato.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventLimits;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.Validated;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBuilderTest {

  @Test
  void buildsWithDefaultsAndOverrides() {
    Event e =
        EventBuilder.purchase()
            .id("e-1")
            .user("u-9")
            .item("p-7")
            .category("books")
            .value(19.99)
            .at("2026-11-24T12:00:00Z")
            .attr("quantity", 2)
            .attr("gift", true)
            .build();
    assertThat(e.eventId()).isEqualTo("e-1");
    assertThat(e.type()).isEqualTo("purchase");
    assertThat(e.userId()).isEqualTo("u-9");
    assertThat(e.value()).isEqualTo(19.99);
    assertThat(e.attributes()).isEqualTo(Map.of("quantity", 2L, "gift", true));
    assertThat(EventBuilder.view().build().timestampMillis())
        .isEqualTo(EventBuilder.DEFAULT_TIME.toEpochMilli());
  }

  @Test
  void defaultIdsDoNotRepeat() {
    assertThat(EventBuilder.click().build().eventId())
        .isNotEqualTo(EventBuilder.click().build().eventId());
  }

  @Test
  void draftGoesThroughTheValidator() {
    EventValidator v =
        EventValidator.of(EventLimits.defaults(), ManualClock.at("2026-11-24T12:00:00Z"));
    Validated ok = v.validate(EventBuilder.click().id("x").toDraft());
    assertThat(ok.isValid()).isTrue();
    Validated bad = v.validate(EventBuilder.click().user(" ").toDraft());
    assertThat(bad.errors()).extracting(f -> f.field()).contains("user_id");
  }

  @Test
  void rejectsNonFlatAttributes() {
    assertThatThrownBy(() -> EventBuilder.view().attr("list", List.of()))
        .hasMessageContaining("attribute list must be");
  }
}
