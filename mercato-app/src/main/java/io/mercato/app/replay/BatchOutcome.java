package io.mercato.app.replay;

import io.mercato.core.event.Rejection;
import java.util.List;

/**
 * What became of one chunk's NDJSON records; {@code accepted + duplicates + sampled +
 * rejected.size()} is the chunk's record count.
 *
 * @param accepted   newly recorded
 * @param duplicates already seen (by event id): acknowledged, not recorded again
 * @param sampled    acknowledged but dropped by ingestion sampling
 * @param rejected   not recorded, with their reason (invalid, too late), indexed by line of the
 *                   chunk's NDJSON (0-based)
 */
public record BatchOutcome(int accepted, int duplicates, int sampled, List<Rejection> rejected) {
  public BatchOutcome {
    rejected = List.copyOf(rejected);
  }

  /** A chunk with nothing in it. */
  public static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0, List.of());
}
