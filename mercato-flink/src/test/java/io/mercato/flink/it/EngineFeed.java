package io.mercato.flink.it;

import io.mercato.core.error.MercatoException;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.ReadResult;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.time.EffectiveTime;
import io.mercato.engine.Engine;
import io.mercato.flink.types.AcceptedRecord;
import io.mercato.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds records to the embedded engine in arrival order, as the HTTP edge would, counting outcomes:
 * the engine's clock stands at each record's acceptance time while its batch is read and ingested, so
 * the engine records the arrival the Flink job reads from the record.
 */
final class EngineFeed {
  int invalid;
  int accepted;
  int duplicates;
  int tooLate;

  /** Valid events whose timestamp is more than the max lead ahead of their acceptance. */
  int skewed;

  /** Reads every record like {@code POST /v1/events} and ingests the events in order, in batches. */
  static EngineFeed feed(Engine engine, ManualClock clock, List<AcceptedRecord> records) {
    EngineFeed f = new EngineFeed();
    EffectiveTime effective = engine.config().stats().toEffectiveTime();
    List<Event> batch = new ArrayList<>();
    for (AcceptedRecord r : records) {
      if (!batch.isEmpty() && clock.millis() != r.acceptedMillis) {
        f.ingest(engine, batch);
      }
      clock.set(Instant.ofEpochMilli(r.acceptedMillis));
      try {
        ReadResult read = engine.reader().read(r.value, EventJsonReader.Format.JSON);
        f.invalid += read.rejected().size();
        batch.addAll(read.events());
        f.skewed +=
            (int)
                read.events().stream()
                    .filter(e -> effective.skewed(e.timestampMillis(), r.acceptedMillis))
                    .count();
      } catch (MercatoException e) {
        f.invalid++;
      }
      if (batch.size() >= 1_000) {
        f.ingest(engine, batch);
      }
    }
    f.ingest(engine, batch);
    return f;
  }

  private void ingest(Engine engine, List<Event> batch) {
    if (batch.isEmpty()) {
      return;
    }
    IngestResult r = engine.ingest(List.copyOf(batch));
    accepted += r.accepted();
    duplicates += r.duplicates();
    tooLate += r.tooLate().size();
    batch.clear();
  }
}
