package io.mercato.flink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.stats.StatsConfig;
import io.mercato.flink.CoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * {@link DedupAndLateness} in Flink's operator harness: core's admission rule (too late, then
 * duplicate) against keyed state, watermarks and a restored checkpoint.
 */
class DedupAndLatenessTest {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;

  /** Longest window 1 h, lateness 10 min: too late means more than 70 min older than the newest. */
  static final CoreSettings SETTINGS =
      new CoreSettings(
          new StatsConfig("1m,1h", Duration.ofMinutes(10), 10, ""),
          ProfileConfig.defaults(),
          EventLimits.defaults(),
          Duration.ofHours(24),
          4);

  static final OutputTag<String> DEAD = new OutputTag<>("dead-letters", Types.STRING);
  static final long T0 = 100 * HOUR;

  static Event event(String id, String user, long t) {
    return new Event(id, false, "view", user, "i1", null, null, null, null, t, Map.of());
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DedupAndLateness(SETTINGS, DEAD, "kafka:events")),
        Event::userId,
        Types.STRING);
  }

  static List<String> ids(KeyedOneInputStreamOperatorTestHarness<String, Event, Event> h) {
    return h.extractOutputValues().stream().map(Event::eventId).toList();
  }

  static List<String> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, Event, Event> h) {
    var out = h.getSideOutput(DEAD);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aRepeatedIdIsDroppedOnceAcceptedAndGeneratedIdsAlwaysPass() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(event("e-1", "u1", T0), T0);
      h.processElement(event("e-1", "u1", T0 + 1), T0 + 1);
      h.processElement(event("e-2", "u1", T0 + 2), T0 + 2);
      Event generated =
          new Event("g", true, "view", "u1", "i1", null, null, null, null, T0 + 3, Map.of());
      h.processElement(generated, T0 + 3);
      h.processElement(generated, T0 + 3);
      assertThat(ids(h)).containsExactly("e-1", "e-2", "g", "g");
      assertThat(deadLetters(h)).isEmpty();
    }
  }

  @Test
  void anEventOlderThanTheWatermarkAllowsIsADeadLetterAndDoesNotClaimItsId() throws Exception {
    try (var h = harness()) {
      h.open();
      // A watermark standing for newest event time T0 (watermark = newest - lateness - 1).
      h.processWatermark(T0 - 10 * MINUTE - 1);
      long late = T0 - 71 * MINUTE;
      h.processElement(event("late", "u2", late), late);
      assertThat(ids(h)).isEmpty();
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter)
                    .contains("\"reason\":\"too_late\"")
                    .contains("kafka:events")
                    .contains(
                        "is too late: older than the newest event time minus the longest window (1h)");
              });
      // Its id was not remembered: the same id inside the bound is accepted.
      h.processElement(event("late", "u2", T0), T0);
      assertThat(ids(h)).containsExactly("late");
    }
  }

  @Test
  void anAcceptedEventRaisesTheBoundBeforeAnyWatermarkDoes() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(event("new", "u1", T0), T0);
      long late = T0 - 2 * HOUR;
      h.processElement(event("old", "u3", late), late);
      assertThat(ids(h)).containsExactly("new");
      assertThat(deadLetters(h)).hasSize(1);
    }
  }

  @Test
  void aRestoredInstanceKeepsTheNewestTimeAndTheSeenIds() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(event("e-1", "u1", T0), T0);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      long late = T0 - 2 * HOUR;
      h.processElement(
          event("old", "u4", late), late); // no watermark yet: the checkpoint's newest time judges
      h.processElement(event("e-1", "u1", T0), T0); // remembered in keyed state
      h.processElement(event("e-2", "u1", T0), T0);
      assertThat(ids(h)).containsExactly("e-2");
      assertThat(deadLetters(h)).hasSize(1);
    }
  }
}
