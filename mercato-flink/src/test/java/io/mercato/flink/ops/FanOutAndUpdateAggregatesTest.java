package io.mercato.flink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.stats.StatsConfig;
import io.mercato.flink.CoreSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The fan-out by core's routing plan and {@link UpdateAggregates} in Flink's operator harness: every
 * key an event routes to ends up holding, and emitting on a tick, the bytes of the core aggregate fed
 * the events routed to it.
 */
class FanOutAndUpdateAggregatesTest {
  static final CoreSettings SETTINGS =
      new CoreSettings(
          new StatsConfig("1m,1h", Duration.ofMinutes(10), 10, "campaign_id+category"),
          ProfileConfig.defaults(),
          EventLimits.defaults(),
          Duration.ofHours(24),
          2);
  static final long T0 = 1_000_000_000L;

  static List<Tuple2<String, Event>> fanOut(List<Event> events) {
    List<Tuple2<String, Event>> out = new ArrayList<>();
    FanOut f = new FanOut(SETTINGS);
    Collector<Tuple2<String, Event>> c =
        new Collector<>() {
          @Override
          public void collect(Tuple2<String, Event> record) {
            out.add(record);
          }

          @Override
          public void close() {}
        };
    events.forEach(e -> f.flatMap(e, c));
    return out;
  }

  @Test
  void fanOutSendsAnEventToEveryKeyOfTheRoutingPlan() {
    Event e = new Event("e", false, "click", "u1", "i1", "a1", "c1", "sports", null, T0, Map.of());
    List<String> keys = fanOut(List.of(e)).stream().map(t -> t.f0).toList();
    KeyedAggregates plan = SETTINGS.aggregates();
    assertThat(keys)
        .containsExactlyElementsOf(plan.keysOf(e).stream().map(StateKey::toString).toList());
    assertThat(keys)
        .startsWith("u:u1")
        .contains("m:c1", "x:campaign_id+category|c1|sports")
        .hasSize(7);
  }

  @Test
  void eachKeyEmitsTheCoreAggregateOfTheEventsRoutedToItOnATick() throws Exception {
    List<Event> events =
        List.of(
            new Event("e1", false, "view", "u1", "i1", null, "c1", "sports", null, T0, Map.of()),
            new Event(
                "e2",
                false,
                "purchase",
                "u2",
                "i1",
                null,
                "c1",
                "sports",
                12.5,
                T0 + 1000,
                Map.of()),
            new Event(
                "e3", false, "click", "u1", "i2", "a1", null, "home", null, T0 + 2000, Map.of()));
    List<Tuple2<String, Event>> routed = fanOut(events);
    Map<String, Aggregate<?>> expected = new HashMap<>();
    for (Tuple2<String, Event> r : routed) {
      expected
          .computeIfAbsent(r.f0, k -> SETTINGS.aggregates().create(StateKey.parse(k)))
          .apply(r.f1);
    }
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<
            String, Tuple2<String, Event>, Tuple2<String, byte[]>>(
            new KeyedProcessOperator<>(
                new UpdateAggregates(SETTINGS, Duration.ofMillis(100), Duration.ofHours(1))),
            t -> t.f0,
            Types.STRING)) {
      h.open();
      h.setProcessingTime(0);
      for (Tuple2<String, Event> r : routed) {
        h.processElement(r, r.f1.timestampMillis());
      }
      assertThat(h.extractOutputValues()).isEmpty();
      h.setProcessingTime(100);
      Map<String, byte[]> got = new HashMap<>();
      h.extractOutputValues().forEach(t -> got.put(t.f0, t.f1));
      assertThat(got.keySet()).isEqualTo(expected.keySet());
      expected.forEach((k, a) -> assertThat(got.get(k)).as(k).isEqualTo(KeyedAggregates.write(a)));
    }
  }
}
