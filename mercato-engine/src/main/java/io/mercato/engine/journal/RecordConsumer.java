package io.mercato.engine.journal;

/** Receives records from {@link Journal#replay(long, RecordConsumer)}. */
@FunctionalInterface
public interface RecordConsumer {

  /**
   * Called once per record, in increasing sequence order.
   *
   * @param sequence the record's sequence number, at least 1
   * @param payload  the record's payload; a fresh array the consumer may keep
   */
  void accept(long sequence, byte[] payload);
}
