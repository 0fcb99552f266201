package io.mercato.app.replay;

import io.mercato.core.event.Rejection;
import java.util.List;

/** Where replayed events go: an engine in this process, or a server over HTTP. */
public interface EventSink extends AutoCloseable {
  /** Validates and records the NDJSON of {@code chunk}; dead-letters the invalid records. */
  BatchOutcome send(Chunk chunk) throws InterruptedException;

  /** Keeps records rejected before they could be sent (indexed by record in the file), if it can. */
  void deadLetter(List<Rejection> rejections);

  /** Where rejected records can be inspected, for the summary (e.g. a directory), or null. */
  String deadLetterLocation();

  @Override
  void close();
}
