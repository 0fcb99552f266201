package io.mercato.flink.reco;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.reco.RecoServingForms;
import io.mercato.core.reco.RecoState;
import io.mercato.core.state.StateKey;
import io.mercato.core.stats.StatsConfig;
import io.mercato.flink.CoreSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link UpdateRecommendations} in Flink's operator harness: it admits events by core's rule
 * (too late, duplicate), applies only interactions, and on a flush tick emits exactly the serving
 * forms of a core {@link RecoState} fed the admitted interactions.
 */
class UpdateRecommendationsTest {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final CoreSettings CORE =
      new CoreSettings(
          new StatsConfig("1m,1h", Duration.ofMinutes(10), 10, ""),
          ProfileConfig.defaults(),
          EventLimits.defaults(),
          Duration.ofHours(24),
          4);
  static final RecoSettings RECO = RecoSettings.defaults();
  static final long T0 = 100 * HOUR;
  static final long FLUSH = 1000;

  static Event event(String id, String type, String user, String item, long t) {
    return new Event(id, false, type, user, item, null, null, "cat", null, t, Map.of());
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Event, Tuple2<String, byte[]>> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new UpdateRecommendations(CORE, RECO, Duration.ofMillis(FLUSH))),
        e -> UpdateRecommendations.KEY,
        Types.STRING);
  }

  static Map<String, byte[]> emitted(
      KeyedOneInputStreamOperatorTestHarness<String, Event, Tuple2<String, byte[]>> h) {
    Map<String, byte[]> out = new HashMap<>();
    for (Tuple2<String, byte[]> t : h.extractOutputValues()) {
      out.put(t.f0, t.f1); // the last write of a key wins, as in Redis
    }
    return out;
  }

  static Map<String, byte[]> servingFormsOf(List<Event> admitted) {
    RecoState expected = new RecoState(RECO.config());
    expected.trackChanges();
    admitted.forEach(expected::apply);
    Map<String, byte[]> out = new HashMap<>();
    for (Map.Entry<StateKey, byte[]> e :
        RecoServingForms.changed(expected, expected.drainChanges()).entrySet()) {
      out.put(e.getKey().toString(), e.getValue());
    }
    return out;
  }

  @Test
  void onlyAdmittedInteractionsReachTheStateAndATickEmitsTheirServingForms() throws Exception {
    Event first = event("e-1", "view", "u1", "i1", T0);
    Event second = event("e-2", "purchase", "u1", "i2", T0 + MINUTE);
    Event other = event("e-3", "click", "u2", "i1", T0 + 2 * MINUTE);
    try (var h = harness()) {
      h.open();
      h.setProcessingTime(0);
      h.processElement(first, first.timestampMillis());
      h.processElement(first, first.timestampMillis()); // duplicate id
      h.processElement(second, second.timestampMillis());
      h.processElement(
          event("late", "view", "u-late", "i9", T0 - 2 * HOUR), T0 - 2 * HOUR); // too late
      h.processElement(event("imp", "impression", "u-imp", "i8", T0), T0); // not an interaction
      h.processElement(other, other.timestampMillis());
      assertThat(h.extractOutputValues()).isEmpty(); // nothing before the tick
      h.setProcessingTime(FLUSH);
      Map<String, byte[]> got = emitted(h);
      Map<String, byte[]> want = servingFormsOf(List.of(first, second, other));
      assertThat(got.keySet()).isEqualTo(want.keySet());
      want.forEach((k, v) -> assertThat(got.get(k)).as(k).isEqualTo(v));
      assertThat(
              RecoServingForms.readMeta(got.get(RecoServingForms.META.toString())).interactions())
          .isEqualTo(3);
    }
  }

  @Test
  void aRestoredInstanceStillRejectsWhatTheCheckpointAdmittedOrOutdated() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(event("e-1", "view", "u1", "i1", T0), T0);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.setProcessingTime(0);
      h.processElement(event("e-1", "view", "u1", "i1", T0), T0); // remembered id
      h.processElement(
          event("old", "view", "u-old", "i7", T0 - 2 * HOUR), T0 - 2 * HOUR); // too late
      h.setProcessingTime(FLUSH);
      Map<String, byte[]> got = emitted(h);
      assertThat(
              RecoServingForms.readMeta(got.get(RecoServingForms.META.toString())).interactions())
          .isEqualTo(1);
      assertThat(got.keySet()).noneMatch(k -> k.contains("u-old") || k.contains("i7"));
    }
  }
}
