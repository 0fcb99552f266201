package io.mercato.flink.it;

import io.mercato.core.error.MercatoException;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.ReadResult;
import io.mercato.engine.Engine;
import io.mercato.engine.IngestResult;
import java.util.ArrayList;
import java.util.List;

/** Feeds records to the embedded engine in arrival order, as the HTTP edge would, counting outcomes. */
final class EngineFeed {
  int invalid;
  int accepted;
  int duplicates;
  int tooLate;

  /** Reads every record like {@code POST /v1/events} and ingests the events in order, in batches. */
  static EngineFeed feed(Engine engine, List<byte[]> records) {
    EngineFeed f = new EngineFeed();
    List<Event> batch = new ArrayList<>();
    for (byte[] r : records) {
      try {
        ReadResult read = engine.reader().read(r, EventJsonReader.Format.JSON);
        f.invalid += read.rejected().size();
        batch.addAll(read.events());
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
