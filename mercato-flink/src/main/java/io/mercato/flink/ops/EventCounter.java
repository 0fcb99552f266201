package io.mercato.flink.ops;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * One of the job's event counts, kept twice under one name: as a metric (live, per subtask, for
 * dashboards and alerts) and as an accumulator (summed over subtasks, shown in the web UI and in the
 * result of a bounded run, which is how tests read it). Together they account for every event the job
 * reads: {@code mercatoEventsRead = mercatoEventsAccepted + mercatoEventsDuplicate +
 * mercatoEventsInvalid + mercatoEventsTooLate}; the job does not sample, so it has no sampled count.
 */
public final class EventCounter {
  /** Events read from the topic: each element of a record's array, or one per record that is not JSON. */
  public static final String READ = "mercatoEventsRead";

  /** Events rejected by parsing or validation (dead-lettered as {@code invalid}). */
  public static final String INVALID = "mercatoEventsInvalid";

  /** Events rejected as too late (dead-lettered as {@code too_late}). */
  public static final String TOO_LATE = "mercatoEventsTooLate";

  /** Repeats of an {@code event_id} within the dedup horizon. */
  public static final String DUPLICATE = "mercatoEventsDuplicate";

  /** Events passed on to the aggregates. */
  public static final String ACCEPTED = "mercatoEventsAccepted";

  private final Counter metric;
  private final LongCounter accumulator;

  private EventCounter(Counter metric, LongCounter accumulator) {
    this.metric = metric;
    this.accumulator = accumulator;
  }

  /** Registers {@code name} in the operator's metric group and accumulators (call from {@code open}). */
  public static EventCounter of(RuntimeContext ctx, String name) {
    LongCounter acc = new LongCounter();
    ctx.addAccumulator(name, acc);
    return new EventCounter(ctx.getMetricGroup().counter(name), acc);
  }

  public void inc(long n) {
    metric.inc(n);
    accumulator.add(n);
  }
}
