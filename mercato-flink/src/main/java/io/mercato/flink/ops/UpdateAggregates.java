package io.mercato.flink.ops;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.flink.CoreSettings;
import io.mercato.flink.types.AggregateSerializer;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by state key ({@link StateKey#toString()}): holds the key's core aggregate
 * ({@link KeyedAggregates#create}) in Flink value state, applies every event routed to it, and emits
 * {@code (state key, aggregate bytes)} for the Redis sink at most once per flush tick.
 *
 * <p><b>Coalescing.</b> An update registers a processing-time timer at the next multiple of the flush
 * interval; Flink keeps one timer per key and timestamp, so however many events a key gets within a
 * tick, it is written once, at the tick. Every update also registers an event-time timer at
 * {@code Long.MAX_VALUE}, which only the final watermark of a bounded input fires: pending
 * processing-time timers are not guaranteed to fire once an input has ended, and the last ticks must
 * still be written (emitting a key twice is harmless: the value is the whole aggregate).
 * A tick deletes that timer again, so idle keys keep no timers.
 *
 * <p><b>State.</b> One value state per {@link StateKind}, each with its kind's
 * {@link AggregateSerializer} (the aggregates' own binary forms; no Kryo). Every kind but GLOBAL
 * expires after {@code ttl} without an update (processing time), like its Redis key; the global
 * partitions never expire.
 */
public final class UpdateAggregates
    extends KeyedProcessFunction<String, Tuple2<String, Event>, Tuple2<String, byte[]>> {
  private static final long serialVersionUID = 1L;
  private final CoreSettings settings;
  private final long flushMillis;
  private final Duration ttl;
  private transient ValueState<Aggregate<?>>[] states;

  /**
   * @param flushInterval how often a changed key is emitted at most, positive
   * @param ttl           expiry of inactive non-global keys, positive
   */
  public UpdateAggregates(CoreSettings settings, Duration flushInterval, Duration ttl) {
    if (flushInterval.toMillis() < 1 || ttl.toMillis() < 1) {
      throw new IllegalArgumentException(
          "flush interval and ttl must be at least 1 ms: " + flushInterval + ", " + ttl);
    }
    this.settings = settings;
    this.flushMillis = flushInterval.toMillis();
    this.ttl = ttl;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OpenContext context) {
    StateKind[] kinds = StateKind.values();
    states = new ValueState[kinds.length];
    StateTtlConfig expiry =
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build();
    for (StateKind k : kinds) {
      if (!k.isAggregate() || k == StateKind.CAMPAIGN_ADS) {
        continue; // recommendation state and campaign statistics have their own writers
      }
      ValueStateDescriptor<Aggregate<?>> d =
          new ValueStateDescriptor<>("aggregate-" + k.code(), new AggregateSerializer(k, settings));
      if (k != StateKind.GLOBAL) {
        d.enableTimeToLive(expiry);
      }
      states[k.ordinal()] = getRuntimeContext().getState(d);
    }
  }

  @Override
  public void processElement(
      Tuple2<String, Event> in, Context ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    ValueState<Aggregate<?>> state = stateOf(key);
    Aggregate<?> agg = state.value();
    if (agg == null) {
      agg = settings.aggregates().create(StateKey.parse(key));
    }
    agg.apply(in.f1);
    state.update(agg);
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService()
        .registerProcessingTimeTimer(now - Math.floorMod(now, flushMillis) + flushMillis);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
    }
    Aggregate<?> agg = stateOf(key).value();
    if (agg != null) {
      out.collect(Tuple2.of(key, KeyedAggregates.write(agg)));
    }
  }

  private ValueState<Aggregate<?>> stateOf(String key) {
    return states[StateKind.ofCode(key.charAt(0)).ordinal()];
  }
}
