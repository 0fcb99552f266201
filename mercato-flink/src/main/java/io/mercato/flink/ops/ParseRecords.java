package io.mercato.flink.ops;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventValidator;
import io.mercato.core.event.ReadResult;
import io.mercato.core.event.Rejection;
import io.mercato.core.time.EffectiveTime;
import io.mercato.flink.CoreSettings;
import io.mercato.flink.types.AcceptedRecord;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns each Kafka record (one JSON event, as API nodes produce them; a JSON array of events is
 * accepted too) into validated {@link Event}s with the core's {@link EventJsonReader} and
 * {@link EventValidator}, under the same limits as the embedded engine, each at its effective time
 * ({@link EffectiveTime}: no later than {@code stats.max-lead} after the record's acceptance time),
 * which every operator downstream sees: watermarks, the too-late rule, aggregates, recommendations
 * and campaign statistics. Events moved earlier count in {@code mercatoEventsClockSkewed}. Anything
 * that is not a valid event, including bytes that are not JSON at all, becomes a dead letter
 * ({@link DeadLetters#invalid}, source {@code kafka:<topic>}) on the side output: a poison pill never
 * fails the job.
 *
 * <p>Counts ({@link EventCounter}: a metric and an accumulator of the same name): every event read
 * ({@code mercatoEventsRead}: one per element of a record's array, one for a record that is not JSON
 * at all) and every one rejected here ({@code mercatoEventsInvalid}). Downstream,
 * {@link DedupAndLateness} counts the rest, so {@code read = accepted + duplicates + invalid + tooLate}
 * (the job does not sample).
 *
 * <p>Differences from the embedded engine, both documented: the future-timestamp limit is checked
 * against this task manager's clock, and the cap on custom event types is counted per parallel
 * instance.
 */
public final class ParseRecords extends ProcessFunction<AcceptedRecord, Event> {
  private static final long serialVersionUID = 1L;
  private final CoreSettings settings;
  private final OutputTag<String> deadLetters;
  private final String source;
  private transient InstantSource clock;
  private transient EventJsonReader reader;
  private transient EventCounter read;
  private transient EventCounter invalid;
  private transient Counter skewed;
  private transient EffectiveTime effectiveTime;

  /** @param source the dead letters' source, {@code kafka:<topic>} */
  public ParseRecords(CoreSettings settings, OutputTag<String> deadLetters, String source) {
    this.settings = settings;
    this.deadLetters = deadLetters;
    this.source = source;
  }

  @Override
  public void open(OpenContext context) {
    clock = InstantSource.system();
    reader = new EventJsonReader(EventValidator.of(settings.limits(), clock));
    read = EventCounter.of(getRuntimeContext(), EventCounter.READ);
    invalid = EventCounter.of(getRuntimeContext(), EventCounter.INVALID);
    skewed = getRuntimeContext().getMetricGroup().counter("mercatoEventsClockSkewed");
    effectiveTime = settings.effectiveTime();
  }

  @Override
  public void processElement(AcceptedRecord accepted, Context ctx, Collector<Event> out) {
    byte[] record = accepted.value;
    ReadResult result;
    try {
      result = reader.read(record == null ? new byte[0] : record, EventJsonReader.Format.JSON);
    } catch (ValidationException e) {
      read.inc(1);
      reject(ctx, 0, text(record), e.errors());
      return;
    } catch (MalformedInputException e) {
      read.inc(1);
      reject(
          ctx,
          0,
          text(record),
          List.of(new FieldError("event", "malformed JSON: " + e.getMessage())));
      return;
    } catch (RuntimeException e) { // a reader bug must not stop the stream either: keep the record
      read.inc(1);
      reject(ctx, 0, text(record), List.of(new FieldError("event", "unreadable record: " + e)));
      return;
    }
    read.inc(result.total());
    for (Rejection r : result.rejected()) {
      reject(ctx, r.index(), result.total() == 1 ? text(record) : r.raw(), r.errors());
    }
    for (Event e : result.events()) {
      Event at = effectiveTime.apply(e, accepted.acceptedMillis);
      if (at != e) {
        skewed.inc();
      }
      out.collect(at);
    }
  }

  private void reject(Context ctx, int index, String payload, List<FieldError> errors) {
    invalid.inc(1);
    ctx.output(deadLetters, DeadLetters.invalid(source, index, payload, errors, clock.instant()));
  }

  private static String text(byte[] record) {
    return record == null ? "" : new String(record, StandardCharsets.UTF_8);
  }
}
