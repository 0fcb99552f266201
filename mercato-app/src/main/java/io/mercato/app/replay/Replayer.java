package io.mercato.app.replay;

import io.mercato.core.event.Rejection;
import java.io.IOException;
import java.time.InstantSource;

/**
 * The replay loop: read a chunk, wait for the pacer, send it, count the outcome, report progress.
 * Every record read ends in the summary as accepted, duplicate, sampled or rejected (by the sink, or
 * locally before sending, each dead-lettered by the sink). A function of its source, sink, pacer and
 * clock, so tests swap any of them.
 */
public final class Replayer {
  private final RecordSource source;
  private final EventSink sink;
  private final Pacer pacer;
  private final int batch;
  private final int maxChunkBytes;
  private final InstantSource clock;

  /**
   * @param batch         records per chunk (before the pacer's smoothing)
   * @param maxChunkBytes NDJSON bytes per chunk, roughly (a chunk ends after the record that crosses it)
   */
  public Replayer(
      RecordSource source,
      EventSink sink,
      Pacer pacer,
      int batch,
      int maxChunkBytes,
      InstantSource clock) {
    this.source = source;
    this.sink = sink;
    this.pacer = pacer;
    this.batch = batch;
    this.maxChunkBytes = maxChunkBytes;
    this.clock = clock;
  }

  /** Replays everything; {@code summary} is filled in as it goes, so a failure leaves partial counts. */
  public ReplaySummary run(ReplaySummary summary, ReplayProgress progress)
      throws IOException, InterruptedException {
    long start = clock.millis();
    int chunkSize = pacer.chunkSize(batch);
    Chunk chunk;
    while ((chunk = source.next(chunkSize, maxChunkBytes)) != null) {
      pacer.acquire(chunk.read());
      BatchOutcome outcome = sink.send(chunk);
      if (!chunk.local().isEmpty()) {
        sink.deadLetter(chunk.local());
      }
      summary.add(chunk.read(), outcome);
      for (int i = 0; i < chunk.local().size(); i++) {
        Rejection r = chunk.local().get(i);
        summary.reject(r.index(), chunk.localLines().get(i), r);
      }
      for (Rejection r : outcome.rejected()) {
        int i = r.index();
        boolean known = i >= 0 && i < chunk.count();
        summary.reject(known ? chunk.records()[i] : -1, known ? chunk.lines()[i] : -1, r);
      }
      progress.update(source.bytesRead(), summary.read());
    }
    summary.finish((clock.millis() - start) / 1000.0, sink.deadLetterLocation());
    return summary;
  }
}
