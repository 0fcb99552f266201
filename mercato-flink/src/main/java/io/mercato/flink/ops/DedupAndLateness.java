package io.mercato.flink.ops;

import io.mercato.core.dedup.Admission;
import io.mercato.core.event.Event;
import io.mercato.core.time.Windows;
import io.mercato.flink.CoreSettings;
import java.time.InstantSource;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by {@code user_id}: rejects events that are too late and drops repeats of an
 * {@code event_id} by core's {@link Admission} rule, the embedded engine's (too late first, so a
 * rejected event does not claim its id; then dedup; events with a generated id are never duplicates).
 *
 * <ul>
 *   <li><b>Too late</b> is {@link Windows#tooLate} against the newest event time the current
 *       watermark stands for ({@link EventWatermarks#newestOf}): older than the newest event time
 *       minus the longest window and the allowed lateness. Such events go to the dead-letter output
 *       (reason {@code too_late}, source {@code kafka:<topic>}) and count in {@code mercatoEventsTooLate}. Watermarks are not part of
 *       checkpoints and a restored source starts without one, so the newest event time is also kept
 *       in (union) operator state: after a restore the rule continues from the checkpoint's newest
 *       event time instead of accepting old events until the replay catches up.</li>
 *   <li><b>Dedup</b> remembers ids in keyed map state whose entries expire (Flink state TTL,
 *       processing time) after the dedup horizon, counted from acceptance as in the embedded
 *       engine. Keying by user rather than by event id keeps one user's events in their Kafka order
 *       all the way to the profile, which is order-sensitive; the price is that an id reused by two
 *       different users counts twice here (the embedded engine's index is global). Duplicates count
 *       in {@code mercatoEventsDuplicate}.</li>
 * </ul>
 */
public final class DedupAndLateness extends KeyedProcessFunction<String, Event, Event>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private final CoreSettings settings;
  private final OutputTag<String> deadLetters;
  private final String source;
  private transient InstantSource clock;
  private transient MapState<String, Boolean> seen;
  private transient EventCounter duplicates;
  private transient EventCounter tooLate;
  private transient EventCounter accepted;
  private transient ListState<Long> newestState;

  /** The rule, with the newest event time this instance knows of: from watermarks, its own events and checkpoints. */
  private transient Admission admission;

  /** @param source the dead letters' source, {@code kafka:<topic>} */
  public DedupAndLateness(CoreSettings settings, OutputTag<String> deadLetters, String source) {
    this.settings = settings;
    this.deadLetters = deadLetters;
    this.source = source;
  }

  @Override
  public void open(OpenContext context) {
    clock = InstantSource.system(); // when a dead letter was written: the task manager's clock
    MapStateDescriptor<String, Boolean> d =
        new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(settings.dedupHorizon())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getMapState(d);
    duplicates = EventCounter.of(getRuntimeContext(), EventCounter.DUPLICATE);
    tooLate = EventCounter.of(getRuntimeContext(), EventCounter.TOO_LATE);
    accepted = EventCounter.of(getRuntimeContext(), EventCounter.ACCEPTED);
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MAX_VALUE) { // MAX only marks the end of a bounded input
      admission.observe(EventWatermarks.newestOf(watermark, admission.windows().latenessMillis()));
    }
    // An accepted event advances the newest time by its own time too: the snapshot must cover the
    // last events before a barrier, whose watermarks may reach this instance only after it.
    switch (admission.admit(e, this::markIfNew)) {
      case TOO_LATE -> {
        tooLate.inc(1);
        ctx.output(
            deadLetters, DeadLetters.tooLate(source, e, admission.windows(), clock.instant()));
      }
      case DUPLICATE -> duplicates.inc(1);
      case ACCEPTED -> {
        accepted.inc(1);
        out.collect(e);
      }
    }
  }

  /** Remembers the event's id in keyed state (expiring after the dedup horizon) unless it already is. */
  private boolean markIfNew(Event e) throws Exception {
    if (seen.contains(e.eventId())) {
      return false;
    }
    seen.put(e.eventId(), Boolean.TRUE);
    return true;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    newestState.update(List.of(admission.newestMillis()));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    newestState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("newest-event-time", Types.LONG));
    long newest = Long.MIN_VALUE;
    for (Long t :
        newestState.get()) { // every instance's value after a restore: the maximum is the stream's
      newest = Math.max(newest, t);
    }
    admission = new Admission(settings.windows(), newest);
  }
}
