package io.mercato.app.replay;

import io.mercato.app.http.EventPoster;
import io.mercato.app.http.PostResult;
import io.mercato.core.event.Rejection;
import io.mercato.engine.deadletter.DeadLetterLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * Replays to a running server with {@code POST /v1/events?source=replay:<file name>}. The server
 * validates and keeps what it rejects (invalid and too-late events) in its own dead-letter store
 * under that source, indexed by position in the batch. Records this process rejects before sending
 * (a CSV row with too many values, an over-long line) never reach the server: they are kept in a
 * local dead-letter log ({@code dir}, the same format and source), created only when needed.
 */
public final class HttpSink implements EventSink {
  private final EventPoster poster;
  private final String source;
  private final Path dir;
  private final InstantSource clock;
  private DeadLetterLog local;

  /**
   * @param poster posts to the server with the replay's source
   * @param source the replay's source, e.g. {@code replay:events.csv}
   * @param dir    where records rejected before sending are kept
   */
  public HttpSink(EventPoster poster, String source, Path dir, InstantSource clock) {
    this.poster = poster;
    this.source = source;
    this.dir = dir;
    this.clock = clock;
  }

  @Override
  public BatchOutcome send(Chunk chunk) throws InterruptedException {
    if (chunk.count() == 0) {
      return BatchOutcome.EMPTY;
    }
    PostResult r = poster.post(chunk.ndjson());
    return new BatchOutcome(r.accepted(), r.duplicates(), r.sampled(), r.rejected());
  }

  @Override
  public void deadLetter(List<Rejection> rejections) {
    if (rejections.isEmpty()) {
      return;
    }
    if (local == null) {
      local = new DeadLetterLog(dir, clock, new SimpleMeterRegistry());
    }
    local.record(source, rejections);
  }

  @Override
  public String deadLetterLocation() {
    String server = "the server's dead-letter store under source \"" + source + "\"";
    return local == null
        ? server
        : server + "; records rejected before sending in " + local.directory();
  }

  @Override
  public void close() {
    // the HTTP client needs no closing on Java 17
  }
}
