package io.mercato.engine;

/**
 * Journal growth since the last snapshot (the length trigger of {@link SnapshotConfig}). Guarded by
 * the ingest lock: the pipeline adds what it appends, a snapshot resets it when it fixes its sequence.
 */
final class JournalGrowth {
  private final SnapshotConfig config;
  private long records;
  private long bytes;

  JournalGrowth(SnapshotConfig config, long records, long bytes) {
    this.config = config;
    this.records = records;
    this.bytes = bytes;
  }

  /** Adds appended records; true when the journal has now grown past the length limits. */
  boolean add(long appendedRecords, long appendedBytes) {
    records += appendedRecords;
    bytes += appendedBytes;
    return appendedRecords > 0 && due();
  }

  boolean due() {
    return config.dueByLength(records, bytes);
  }

  void reset() {
    records = 0;
    bytes = 0;
  }
}
