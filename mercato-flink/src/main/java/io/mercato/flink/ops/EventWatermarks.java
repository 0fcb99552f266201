package io.mercato.flink.ops;

import io.mercato.core.event.Event;
import io.mercato.core.time.Windows;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks with a bounded out-of-orderness equal to the allowed lateness: after the
 * newest event time {@code N} seen so far the watermark is {@code N - lateness - 1} (Flink's
 * convention: a watermark {@code W} says no event at or before {@code W} is expected), so
 * {@link #newestOf} recovers {@code N} exactly and the too-late rule downstream is the embedded
 * engine's ({@link Windows#tooLate}). Event times here are effective times ({@link ParseRecords}): an
 * event counts no later than {@code stats.max-lead} after its record was accepted, so one fast client
 * clock cannot advance the watermark for everyone.
 *
 * <p>The watermark is emitted as soon as it advances, right after the event that advanced it, rather
 * than on Flink's periodic timer: a periodic watermark lags by up to its interval, which would let
 * events through that the embedded engine rejects. With one source instance (one Kafka partition, or
 * the tests' in-memory source) the too-late decisions therefore equal the embedded engine's; with
 * several, the watermark is the minimum over the instances, so the job is at most more lenient.
 * Idle sources (no event for {@code idleness}) are marked idle so that they do not hold the
 * watermark back.
 */
public final class EventWatermarks {
  private EventWatermarks() {}

  /** The strategy for {@code windows}; {@code idleness} zero disables idleness detection. */
  public static WatermarkStrategy<Event> strategy(Windows windows, Duration idleness) {
    long lateness = windows.latenessMillis();
    WatermarkStrategy<Event> s =
        WatermarkStrategy.<Event>forGenerator(ctx -> new Generator(lateness))
            .withTimestampAssigner((e, previous) -> e.timestampMillis());
    return idleness.isZero() ? s : s.withIdleness(idleness);
  }

  /**
   * The newest event time a watermark stands for ({@code watermark + lateness + 1}), or
   * {@code Long.MIN_VALUE} before the first watermark (nothing seen yet: nothing is too late).
   */
  public static long newestOf(long watermark, long latenessMillis) {
    if (watermark == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return watermark >= Long.MAX_VALUE - latenessMillis - 1
        ? Long.MAX_VALUE
        : watermark + latenessMillis + 1;
  }

  /** Emits {@code newest - lateness - 1} whenever the newest event time advances. */
  static final class Generator implements WatermarkGenerator<Event> {
    private final long lateness;
    private long newest = Long.MIN_VALUE;

    Generator(long lateness) {
      this.lateness = lateness;
    }

    @Override
    public void onEvent(Event event, long timestamp, WatermarkOutput output) {
      if (timestamp > newest) {
        newest = timestamp;
        output.emitWatermark(new Watermark(timestamp - lateness - 1));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Watermarks are emitted per event; the idleness wrapper uses this call to detect idle
      // sources.
    }
  }
}
