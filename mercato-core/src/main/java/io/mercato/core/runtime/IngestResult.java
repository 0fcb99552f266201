package io.mercato.core.runtime;

import java.util.List;

/**
 * What a runtime's ingest (the embedded {@code Engine.ingest}, the cluster's Kafka append) did with a
 * batch of valid events.
 *
 * @param accepted   events newly recorded (durable per the journal's fsync policy)
 * @param duplicates events whose {@code event_id} was already seen within the dedup horizon
 *                   (including repeats inside the same batch); acknowledged but not counted again
 * @param sampled    events dropped by ingestion sampling ({@code sampling.rates}); acknowledged, not stored
 * @param tooLate    positions (in the list given to {@code ingest}) of events older than the newest
 *                   event time minus the longest window and the allowed lateness: not recorded
 */
public record IngestResult(int accepted, int duplicates, int sampled, List<Integer> tooLate) {
  public IngestResult {
    tooLate = List.copyOf(tooLate);
  }

  /** A result with nothing sampled or late. */
  public IngestResult(int accepted, int duplicates) {
    this(accepted, duplicates, 0, List.of());
  }
}
