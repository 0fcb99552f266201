package io.mercato.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.runtime.EngineUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LateImpressionSinkTest {
  private static final Event IMPRESSION =
      new Event("e1", false, "impression", "u1", null, "ad1", "c1", null, null, 1_000L, Map.of());

  @Test
  void refusesImpressionsUntilBoundThenForwardsThem() {
    LateImpressionSink sink = new LateImpressionSink();
    assertThatThrownBy(() -> sink.record(List.of(IMPRESSION)))
        .isInstanceOf(EngineUnavailableException.class);
    List<Event> recorded = new ArrayList<>();
    sink.bind(recorded::addAll);
    sink.record(List.of(IMPRESSION));
    assertThat(recorded).containsExactly(IMPRESSION);
  }

  @Test
  void bindsOnlyOnce() {
    LateImpressionSink sink = new LateImpressionSink();
    sink.bind(evs -> {});
    assertThatThrownBy(() -> sink.bind(evs -> {})).isInstanceOf(IllegalStateException.class);
  }
}
