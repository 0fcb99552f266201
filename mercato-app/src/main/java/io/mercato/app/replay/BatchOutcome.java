package io.mercato.app.replay;

import io.mercato.core.event.Rejection;
import java.util.List;

/**
 * What became of one chunk's NDJSON records.
 *
 * @param accepted   newly recorded
 * @param duplicates already seen (by event id)
 * @param rejected   invalid, indexed by line of the chunk's NDJSON (0-based)
 */
public record BatchOutcome(int accepted, int duplicates, List<Rejection> rejected) {
  public BatchOutcome {
    rejected = List.copyOf(rejected);
  }
}
