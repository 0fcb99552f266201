package io.mercato.core.experiment.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.experiment.ExperimentDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposureEventsTest {
  static final ExperimentDefinition D = AssignerTest.definition(AssignerTest.THREE_ARMS, "{}");

  @Test
  void anExposureEventCarriesTheExperimentVersionAndArmAndReadsBack() {
    Event e = ExposureEvents.of(D, Assignment.arm("als"), "u-42", 1_000L);
    assertThat(e.type()).isEqualTo("experiment_exposure");
    assertThat(e.userId()).isEqualTo("u-42");
    assertThat(e.generatedId()).isFalse();
    assertThat(e.attributes()).isEqualTo(Map.of("experiment", "pins", "version", 1L, "arm", "als"));
    assertThat(ExposureEvents.read(e))
        .contains(new ExposureEvents.Exposure("pins", 1, "als", "u-42", 1_000L));
    assertThat(
            ExposureEvents.of(D, Assignment.holdout("global"), "u-1", 5L).attributes().get("arm"))
        .isEqualTo("holdout");
  }

  @Test
  void theSameExposureHasTheSameEventIdOnEveryNodeSoIngestionDropsRepeats() {
    Event a = ExposureEvents.of(D, Assignment.arm("als"), "u-42", 1_000L);
    Event b = ExposureEvents.of(D, Assignment.arm("als"), "u-42", 9_999L);
    assertThat(a.eventId())
        .isEqualTo(b.eventId())
        .startsWith("xp-pins-")
        .hasSize("xp-pins-".length() + 16);
    assertThat(ExposureEvents.of(D, Assignment.arm("control"), "u-42", 1_000L).eventId())
        .isNotEqualTo(a.eventId());
    assertThat(ExposureEvents.of(D, Assignment.arm("als"), "u-43", 1_000L).eventId())
        .isNotEqualTo(a.eventId());
  }

  @Test
  void onlyExposuresBecomeEventsAndOtherEventsAreNotExposures() {
    assertThatThrownBy(() -> ExposureEvents.of(D, Assignment.NOT_TARGETED, "u-1", 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not exposed");
    assertThatThrownBy(() -> ExposureEvents.of(D, Assignment.arm("ghost"), "u-1", 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no arm \"ghost\"");
    assertThatThrownBy(() -> ExposureEvents.of(D, Assignment.INTERLEAVED, "u-1", 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not interleave");
    Event click =
        new Event("e-1", false, "click", "u-1", "p-1", null, null, null, null, 1L, Map.of());
    assertThat(ExposureEvents.read(click)).isEmpty();
    Event forged =
        new Event(
            "e-2",
            false,
            "experiment_exposure",
            "u-1",
            null,
            null,
            null,
            null,
            null,
            1L,
            Map.of("experiment", "x", "version", "one", "arm", "a"));
    assertThat(ExposureEvents.read(forged)).isEmpty();
  }
}
