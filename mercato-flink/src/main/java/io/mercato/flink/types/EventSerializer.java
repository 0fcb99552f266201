package io.mercato.flink.types;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventCodec;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink's serializer of {@link Event}s: an int length and the event's versioned binary form
 * ({@link EventCodec}), the same bytes the embedded journal stores, so Flink never falls back to Kryo
 * for events. Events are immutable, so copies are the instance itself. Stateless and thread-safe.
 */
public final class EventSerializer extends BinaryFormSerializer<Event> {
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
  protected byte[] encode(Event value) {
    return EventCodec.encode(value);
  }

  @Override
  protected Event decode(byte[] bytes) {
    return EventCodec.decode(bytes);
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
