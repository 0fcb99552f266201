package io.mercato.app.replay;

import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.ReadResult;
import io.mercato.core.event.Rejection;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.engine.Engine;
import io.mercato.server.backend.AccountedIngest;
import io.mercato.server.backend.Backend;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Replays into an {@link Engine} running in this process, through the very path
 * {@code POST /v1/events} takes ({@link AccountedIngest}): the engine's reader validates each chunk,
 * valid events are ingested (waiting out backpressure for at most {@code maxRetryTime} per chunk),
 * and every record that is not recorded — invalid, or too late — goes to the engine's dead-letter log
 * under the source {@code replay:<file name>}, indexed by record number in the file. Closing the sink
 * does not close the engine.
 */
public final class EngineSink implements EventSink {
  private final Engine engine;
  private final AccountedIngest ingestion;
  private final String source;
  private final Duration maxRetryTime;

  public EngineSink(Engine engine, String source, Duration maxRetryTime) {
    this.engine = engine;
    this.ingestion = Backend.embedded(engine).ingestion();
    this.source = source;
    this.maxRetryTime = maxRetryTime;
  }

  /**
   * @throws UncheckedIOException when rejected records could not be written to the dead-letter log:
   *                              the replay stops rather than lose them silently
   */
  @Override
  public BatchOutcome send(Chunk chunk) throws InterruptedException {
    if (chunk.count() == 0) {
      return BatchOutcome.EMPTY;
    }
    ReadResult read = engine.reader().read(chunk.ndjson(), EventJsonReader.Format.NDJSON);
    AccountedIngest.Verdict v = accept(read, chunk);
    if (v.deadLetterFailure() != null) {
      throw v.deadLetterFailure();
    }
    return new BatchOutcome(v.accepted(), v.duplicates(), v.sampled(), v.rejected());
  }

  private AccountedIngest.Verdict accept(ReadResult read, Chunk chunk) throws InterruptedException {
    long waited = 0;
    while (true) {
      try {
        return ingestion.accept(
            source, read, i -> (int) Math.min(Integer.MAX_VALUE, chunk.records()[i]));
      } catch (BackpressureException e) {
        long wait =
            Math.max(10, e.retryAfter() == null ? 100 : Math.min(e.retryAfter().toMillis(), 1000));
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
