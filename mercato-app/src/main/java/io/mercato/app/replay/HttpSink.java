package io.mercato.app.replay;

import io.mercato.app.http.EventPoster;
import io.mercato.app.http.PostResult;
import io.mercato.core.event.Rejection;
import java.util.List;

/**
 * Replays to a running server with {@code POST /v1/events}. The server validates, and keeps invalid
 * events in its own dead-letter log (source {@code http}, indexed by position in the batch). Records
 * this process rejected before sending (e.g. a CSV row with too many values) cannot reach that log:
 * they are only reported in the summary.
 */
public final class HttpSink implements EventSink {
  private final EventPoster poster;

  public HttpSink(EventPoster poster) {
    this.poster = poster;
  }

  @Override
  public BatchOutcome send(Chunk chunk) throws InterruptedException {
    if (chunk.count() == 0) {
      return new BatchOutcome(0, 0, List.of());
    }
    PostResult r = poster.post(chunk.ndjson());
    return new BatchOutcome(r.accepted(), r.duplicates(), r.rejected());
  }

  @Override
  public void deadLetter(List<Rejection> rejections) {
    // the server's dead-letter log is out of reach; the summary reports them
  }

  @Override
  public String deadLetterLocation() {
    return "the server's dead-letter log (source \"http\")";
  }

  @Override
  public void close() {
    // the HTTP client needs no closing on Java 17
  }
}
