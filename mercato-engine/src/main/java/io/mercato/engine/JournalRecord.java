package io.mercato.engine;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventCodec;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;

/**
 * The payload of one journal record: an accepted event and when it was accepted (the dedup horizon
 * is measured from acceptance, so replay must know it).
 *
 * <pre>v1: byte version=1 | long acceptedMillis | event (EventCodec)</pre>
 */
record JournalRecord(long acceptedMillis, Event event) {
  static final int VERSION = 1;

  static byte[] encode(long acceptedMillis, Event event, BinaryWriter scratch) {
    scratch.reset().writeByte(VERSION).writeLong(acceptedMillis);
    EventCodec.write(event, scratch);
    return scratch.toByteArray();
  }

  static JournalRecord decode(byte[] payload) {
    BinaryReader r = new BinaryReader(payload);
    int version = r.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown journal record version " + version);
    }
    long accepted = r.readLong();
    Event e = EventCodec.read(r);
    r.expectEnd();
    return new JournalRecord(accepted, e);
  }
}
