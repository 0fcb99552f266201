package io.mercato.flink.ops;

import io.mercato.core.event.Event;
import io.mercato.core.state.StateKey;
import io.mercato.flink.CoreSettings;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Sends an accepted event to every keyed aggregate it updates
 * ({@link io.mercato.core.state.KeyedAggregates#keysOf}): one {@code (state key, event)} pair per key,
 * the key in its {@link StateKey#toString()} form.
 */
public final class FanOut implements FlatMapFunction<Event, Tuple2<String, Event>> {
  private static final long serialVersionUID = 1L;
  private final CoreSettings settings;

  public FanOut(CoreSettings settings) {
    this.settings = settings;
  }

  @Override
  public void flatMap(Event e, Collector<Tuple2<String, Event>> out) {
    for (StateKey k : settings.aggregates().keysOf(e)) {
      out.collect(Tuple2.of(k.toString(), e));
    }
  }
}
