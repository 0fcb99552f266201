package io.mercato.engine.journal;

import java.nio.file.Path;
import java.time.Instant;

/** One segment file: where it is, its first sequence and, once no longer current, when it was closed. */
final class Segment {

  final Path path;
  final long firstSequence;

  /** Null while this is the current segment; guarded by the owning journal. */
  Instant closedAt;

  Segment(Path path, long firstSequence, Instant closedAt) {
    this.path = path;
    this.firstSequence = firstSequence;
    this.closedAt = closedAt;
  }
}
