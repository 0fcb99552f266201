package io.mercato.app.replay;

import io.mercato.core.event.Rejection;
import java.util.List;

/**
 * A slice of a replayed file, ready to send: its records as NDJSON (one event object per line), where
 * each came from, and the records that could not even be turned into JSON (rejected locally).
 *
 * @param ndjson      the records, one JSON object per line
 * @param count       number of lines in {@code ndjson}
 * @param firstRecord 0-based record number (in the file) of the first line of {@code ndjson}
 * @param records     0-based record number of each line of {@code ndjson}
 * @param lines       1-based line number in the file where each record of {@code ndjson} starts
 * @param local       records rejected while reading, already numbered by record in the file
 * @param localLines  1-based line numbers of {@code local}, in the same order
 */
public record Chunk(
    byte[] ndjson,
    int count,
    long firstRecord,
    long[] records,
    long[] lines,
    List<Rejection> local,
    List<Long> localLines) {

  public Chunk {
    local = List.copyOf(local);
    localLines = List.copyOf(localLines);
  }

  /** Records read from the file for this chunk, including those rejected locally. */
  public int read() {
    return count + local.size();
  }
}
