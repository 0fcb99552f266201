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
 * and campaign statistics. Events moved earlier count in {@code mercatoEventsClockSkewed}. Anything that is not a valid
 * event, including bytes that are not JSON at all, becomes a dead letter ({@link DeadLetters#invalid})
 * on the side output: a poison pill never fails the job.
 *
 * <p>Differences from the embedded engine, both documented: the future-timestamp limit is checked
 * against this task manager's clock, and the cap on custom event types is counted per parallel
 * instance.
 */
public final class ParseRecords extends ProcessFunction<AcceptedRecord, Event> {
  private static final long serialVersionUID = 1L;
  private final CoreSettings settings;
  private final OutputTag<String> deadLetters;
  private transient EventJsonReader reader;
  private transient Counter invalid;
  private transient Counter skewed;
  private transient EffectiveTime effectiveTime;

  public ParseRecords(CoreSettings settings, OutputTag<String> deadLetters) {
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  @Override
  public void open(OpenContext context) {
    reader = new EventJsonReader(EventValidator.of(settings.limits(), InstantSource.system()));
    invalid = getRuntimeContext().getMetricGroup().counter("mercatoEventsInvalid");
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
      reject(ctx, text(record), e.errors());
      return;
    } catch (MalformedInputException e) {
      reject(ctx, text(record), List.of(new FieldError("event", "malformed JSON: " + e.getMessage())));
      return;
    } catch (RuntimeException e) { // a reader bug must not stop the stream either: keep the record
      reject(ctx, text(record), List.of(new FieldError("event", "unreadable record: " + e)));
      return;
    }
    for (Rejection r : result.rejected()) {
      reject(ctx, result.total() == 1 ? text(record) : r.raw(), r.errors());
    }
    for (Event e : result.events()) {
      Event at = effectiveTime.apply(e, accepted.acceptedMillis);
      if (at != e) {
        skewed.inc();
      }
      out.collect(at);
    }
  }

  private void reject(Context ctx, String payload, List<FieldError> errors) {
    invalid.inc();
    ctx.output(deadLetters, DeadLetters.invalid(payload, errors));
  }

  private static String text(byte[] record) {
    return record == null ? "" : new String(record, StandardCharsets.UTF_8);
  }
}
