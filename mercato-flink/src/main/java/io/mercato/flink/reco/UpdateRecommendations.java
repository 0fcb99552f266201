package io.mercato.flink.reco;

import io.mercato.core.dedup.Admission;
import io.mercato.core.dedup.DedupIndex;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoServingForms;
import io.mercato.core.reco.RecoState;
import io.mercato.core.state.StateKey;
import io.mercato.flink.CoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The cluster runtime's recommendation writer: one {@link RecoState}, updated by the core's
 * {@link RecoState#apply} exactly as the embedded engine's single reco writer thread updates its own,
 * and on every flush tick the values serving needs for what changed
 * ({@link RecoServingForms#changed}) go to the Redis sink.
 *
 * <p><b>Why one instance, fed straight from parsing.</b> The state is global (an item's neighbours
 * come from every user's history) and order-sensitive across users (first-seen ordinals break ties;
 * an item's user ring is most-recent-first), so it has one writer, as in the embedded engine: the
 * operator runs at parallelism 1 on a constant key. It reads the parsed stream directly, in the
 * order of its source instance, rather than the output of the per-user dedup stage, whose parallel
 * instances interleave users arbitrarily; it therefore applies core's {@link Admission} rule itself,
 * the embedded engine's: too late (older than the newest accepted event time minus the longest
 * window and the lateness) first, then dedup by {@code event_id} (global, remembered for the dedup
 * horizon of processing time, in core's {@link DedupIndex} — the embedded engine's own index). With one source instance (one Kafka partition,
 * or the tests' in-memory source) the state equals the embedded engine's fed the same records;
 * with several, their interleaving is the arrival order, as it is for the embedded engine's HTTP
 * clients.
 *
 * <p><b>Scaling limit.</b> One core applies every interaction: about 15–60 µs each (BENCHMARKS.md,
 * item-CF update), so some 20–60k interactions/s, the embedded engine's limit too. Partitioning the
 * state (items by hash, co-occurrence updates as messages) would lift it and lose the exact
 * equality with the embedded engine.
 *
 * <p><b>State.</b> The {@link RecoState} lives in this instance's memory and is checkpointed as
 * operator state in its versioned binary form ({@link RecoState#writeTo}, synchronously, O(state)
 * per checkpoint — 31 MB for 100k users × 20k items), not as keyed value state: a RocksDB backend
 * would (de)serialize a keyed value on every access. Restoring renumbers ordinals densely, so the
 * first tick after a restore writes every key again. The dedup index (64-bit fingerprints in
 * acceptance-time buckets) and the newest accepted event time are operator state too. (A keyed
 * {@code MapState} with a TTL under the one constant key was quadratic: Flink's incremental TTL
 * cleanup copies the whole map on every access, which stalled the job at a few hundred events/s
 * after a million ids.) Users and items idle for {@code reco.idle-ttl}
 * are swept once per hour of event time (their Redis keys expire by the Redis TTL).
 *
 * <p><b>Ticks.</b> As {@link io.mercato.flink.ops.UpdateAggregates}: a processing-time timer at the
 * next multiple of the flush interval, and an event-time timer at {@code Long.MAX_VALUE} for the end
 * of a bounded input.
 */
public final class UpdateRecommendations
    extends KeyedProcessFunction<String, Event, Tuple2<String, byte[]>>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /** The one key every event is routed to. */
  public static final String KEY = "reco";

  private static final long SWEEP_EVERY_MILLIS = Duration.ofHours(1).toMillis();
  private final CoreSettings core;
  private final RecoSettings reco;
  private final long flushMillis;
  private transient RecoConfig config;
  private transient RecoState state;

  /** The admission rule, holding the newest accepted event time. */
  private transient Admission admission;

  private transient long sweptAt;
  private transient DedupIndex seen;
  private transient ListState<byte[]> seenState;
  private transient ListState<byte[]> stateBytes;
  private transient ListState<Long> newestState;
  private transient Counter applied;
  private transient Counter keysEmitted;

  /** @param flushInterval how often changed values are emitted at most, at least 1 ms */
  public UpdateRecommendations(CoreSettings core, RecoSettings reco, Duration flushInterval) {
    if (flushInterval.toMillis() < 1) {
      throw new IllegalArgumentException("flush interval must be at least 1 ms: " + flushInterval);
    }
    this.core = core;
    this.reco = reco;
    this.flushMillis = flushInterval.toMillis();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    config = reco.config();
    stateBytes =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "reco-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    newestState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("reco-newest", Types.LONG));
    state = null;
    for (byte[] b : stateBytes.get()) {
      state = RecoState.read(new BinaryReader(b), config);
    }
    if (state == null) {
      state = new RecoState(config);
    }
    state.trackChanges(); // the first drain reports everything: after a restore, ordinals were
    // renumbered
    seenState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "reco-dedup", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    seen = new DedupIndex(core.dedupHorizon(), DedupIndex.DEFAULT_MAX_ENTRIES);
    for (byte[] b : seenState.get()) {
      seen =
          DedupIndex.read(new BinaryReader(b), core.dedupHorizon(), DedupIndex.DEFAULT_MAX_ENTRIES);
    }
    long newest = Long.MIN_VALUE;
    for (Long t : newestState.get()) {
      newest = Math.max(newest, t);
    }
    admission = new Admission(core.windows(), newest);
    sweptAt = newest;
  }

  @Override
  public void open(OpenContext context) {
    applied = getRuntimeContext().getMetricGroup().counter("mercatoRecoInteractionsApplied");
    keysEmitted = getRuntimeContext().getMetricGroup().counter("mercatoRecoKeysEmitted");
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (admission.admit(e, x -> seen.markIfNew(DedupIndex.fingerprint(x.eventId()), now))
        != Admission.Verdict.ACCEPTED) {
      return; // the dedup-and-lateness stage reports a too-late event as a dead letter and counts
      // both
    }
    if (!config.weights().isInteraction(e)) {
      return; // not an interaction: nothing to apply, but it counted for the rules above
    }
    state.apply(e);
    applied.inc();
    ctx.timerService()
        .registerProcessingTimeTimer(now - Math.floorMod(now, flushMillis) + flushMillis);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<String, byte[]>> out) {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
    }
    long newest = admission.newestMillis();
    if (newest != Long.MIN_VALUE
        && (sweptAt == Long.MIN_VALUE || newest - sweptAt >= SWEEP_EVERY_MILLIS)) {
      state.sweepIdle(newest);
      sweptAt = newest;
    }
    Map<StateKey, byte[]> changed = RecoServingForms.changed(state, state.drainChanges());
    changed.forEach((k, v) -> out.collect(Tuple2.of(k.toString(), v)));
    keysEmitted.inc(changed.size());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    BinaryWriter w = new BinaryWriter();
    state.writeTo(w);
    stateBytes.update(List.of(w.toByteArray()));
    BinaryWriter d = new BinaryWriter();
    seen.writeTo(d);
    seenState.update(List.of(d.toByteArray()));
    newestState.update(List.of(admission.newestMillis()));
  }
}
