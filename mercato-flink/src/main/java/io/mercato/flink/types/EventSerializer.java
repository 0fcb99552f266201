package io.mercato.flink.types;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventCodec;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import java.io.IOException;

/**
 * Flink's serializer of {@link Event}s: an int length and the event's versioned binary form
 * ({@link EventCodec}), the same bytes the embedded journal stores, so Flink never falls back to Kryo
 * for events. Events are immutable, so copies are the instance itself. Stateless and thread-safe.
 */
public final class EventSerializer extends TypeSerializer<Event> {
  private static final long serialVersionUID = 1L;
  public static final EventSerializer INSTANCE = new EventSerializer();

  private EventSerializer() {}

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<Event> duplicate() {
    return this;
  }

  /** Events have no empty instance; Flink only passes it back as an ignored reuse object. */
  @Override
  public Event createInstance() {
    return null;
  }

  @Override
  public Event copy(Event from) {
    return from;
  }

  @Override
  public Event copy(Event from, Event reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Event e, DataOutputView out) throws IOException {
    byte[] bytes = EventCodec.encode(e);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public Event deserialize(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return EventCodec.decode(bytes);
  }

  @Override
  public Event deserialize(Event reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    out.writeInt(bytes.length);
    out.write(bytes); // not write(in, n): some views (DataOutputSerializer) do not grow for it
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventSerializer;
  }

  @Override
  public int hashCode() {
    return EventSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Event> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * The serializer's snapshot: it has no parameters, and the event format carries its own version
   * byte, so every snapshot restores to {@link #INSTANCE}.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
