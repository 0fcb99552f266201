package io.mercato.app.replay;

import java.io.Closeable;
import java.io.IOException;

/** Reads a file of events in chunks. Not thread-safe. */
public interface RecordSource extends Closeable {
  /**
   * The next chunk of at most {@code maxRecords} records (and at most about {@code maxBytes} of
   * NDJSON), or null at the end of the file.
   */
  Chunk next(int maxRecords, int maxBytes) throws IOException;

  /** Bytes of the file consumed so far (of the compressed file for {@code .gz}), for progress. */
  long bytesRead();
}
