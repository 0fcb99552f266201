package io.mercato.core.agg;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact all-time event counts per event type. Memory is one entry per distinct type, which the
 * validator bounds ({@code max-custom-types}). Merge is a per-type sum, so it is associative and
 * commutative.
 *
 * <pre>v1: byte version=1 | varint n | (string type | varint count)* — types in ascending order</pre>
 */
public final class EventTypeCounts implements Aggregate<EventTypeCounts> {
  static final int VERSION = 1;
  private final Map<String, long[]> counts = new HashMap<>();

  @Override
  public void apply(Event event) {
    add(event.type(), 1);
  }

  /** Adds {@code n} to the count of {@code type}. */
  public void add(String type, long n) {
    long[] c = counts.get(type);
    if (c == null) {
      counts.put(type, new long[] {n});
    } else {
      c[0] += n;
    }
  }

  @Override
  public void merge(EventTypeCounts other) {
    other.counts.forEach((type, c) -> add(type, c[0]));
  }

  /** Count for {@code type}, 0 if never seen. */
  public long count(String type) {
    long[] c = counts.get(type);
    return c == null ? 0 : c[0];
  }

  /** Sum over all types. */
  public long total() {
    long t = 0;
    for (long[] c : counts.values()) {
      t += c[0];
    }
    return t;
  }

  /** An immutable snapshot of all counts, ordered by type. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((type, c) -> m.put(type, c[0]));
    return Collections.unmodifiableMap(m);
  }

  /** A deep copy. */
  public EventTypeCounts copy() {
    EventTypeCounts c = new EventTypeCounts();
    c.merge(this);
    return c;
  }

  @Override
  public void writeTo(BinaryWriter out) {
    Map<String, Long> sorted = asMap();
    out.writeByte(VERSION).writeVarLong(sorted.size());
    sorted.forEach((type, n) -> out.writeString(type).writeVarLong(n));
  }

  /** Decodes what {@link #writeTo} wrote. */
  public static EventTypeCounts read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown EventTypeCounts version " + version);
    }
    int n = in.readLength(1_000_000);
    EventTypeCounts c = new EventTypeCounts();
    for (int i = 0; i < n; i++) {
      c.add(in.readString(), in.readVarLong());
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventTypeCounts other && asMap().equals(other.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return "EventTypeCounts" + asMap();
  }
}
