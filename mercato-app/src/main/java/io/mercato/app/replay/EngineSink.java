package io.mercato.app.replay;

import io.mercato.core.event.ReadResult;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.Rejection;
import io.mercato.engine.BackpressureException;
import io.mercato.engine.Engine;
import io.mercato.engine.IngestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays into an {@link Engine} running in this process: the engine's own reader validates each
 * chunk, invalid records go to its dead-letter log under source {@code replay:<file name>} (indexed by
 * record number in the file), and valid ones are ingested, waiting out backpressure for at most
 * {@code maxRetryTime} per chunk. Closing the sink does not close the engine.
 */
public final class EngineSink implements EventSink {
  private final Engine engine;
  private final String source;
  private final Duration maxRetryTime;

  public EngineSink(Engine engine, String source, Duration maxRetryTime) {
    this.engine = engine;
    this.source = source;
    this.maxRetryTime = maxRetryTime;
  }

  @Override
  public BatchOutcome send(Chunk chunk) throws InterruptedException {
    if (chunk.count() == 0) {
      return new BatchOutcome(0, 0, List.of());
    }
    ReadResult read = engine.reader().read(chunk.ndjson(), EventJsonReader.Format.NDJSON);
    IngestResult result = ingest(read);
    if (!read.rejected().isEmpty()) {
      List<Rejection> renumbered = new ArrayList<>(read.rejected().size());
      for (Rejection r : read.rejected()) {
        renumbered.add(new Rejection((int) Math.min(Integer.MAX_VALUE, chunk.records()[r.index()]), r.errors(), r.raw()));
      }
      engine.deadLetters().record(source, renumbered);
    }
    return new BatchOutcome(result.accepted(), result.duplicates(), read.rejected());
  }

  private IngestResult ingest(ReadResult read) throws InterruptedException {
    long waited = 0;
    while (true) {
      try {
        return engine.ingest(read.events());
      } catch (BackpressureException e) {
        long wait = Math.max(10, e.retryAfter() == null ? 100 : Math.min(e.retryAfter().toMillis(), 1000));
        if (waited + wait > maxRetryTime.toMillis()) {
          throw e;
        }
        Thread.sleep(wait);
        waited += wait;
      }
    }
  }

  @Override
  public void deadLetter(List<Rejection> rejections) {
    engine.deadLetters().record(source, rejections);
  }

  @Override
  public String deadLetterLocation() {
    return engine.deadLetters().directory().toString();
  }

  @Override
  public void close() {
    // the engine belongs to the caller
  }
}
