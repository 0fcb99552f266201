package io.mercato.engine;

/**
 * What {@link Engine#ingest} did with a batch of valid events.
 *
 * @param accepted   events newly recorded (durable per the journal's fsync policy)
 * @param duplicates events whose {@code event_id} was already seen within the dedup horizon
 *                   (including repeats inside the same batch); acknowledged but not counted again
 */
public record IngestResult(int accepted, int duplicates) {}
