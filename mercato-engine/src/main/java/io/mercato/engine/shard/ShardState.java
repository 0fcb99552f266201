package io.mercato.engine.shard;

import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.List;

/**
 * Everything one shard holds, built only from the events routed to it. Confined to the shard's
 * thread (or the recovery thread before the shards start).
 *
 * <pre>v1: byte version=1 | EventTypeCounts</pre>
 */
public final class ShardState {
  static final int VERSION = 1;
  private final EventTypeCounts counts;

  public ShardState() {
    this(new EventTypeCounts());
  }

  private ShardState(EventTypeCounts counts) {
    this.counts = counts;
  }

  public void apply(Event e) {
    counts.apply(e);
  }

  /** The shard's all-time counts per type (live object: read it on the shard thread only). */
  public EventTypeCounts counts() {
    return counts;
  }

  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION);
    counts.writeTo(out);
  }

  public static ShardState read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown shard state version " + version);
    }
    return new ShardState(EventTypeCounts.read(in));
  }

  /**
   * Spreads recovered shard states over {@code shards} new ones. When the shard count is unchanged
   * each state keeps its shard; otherwise (the operator changed {@code engine.shards}) global
   * aggregates are merged into shard 0, which keeps every total exact.
   */
  public static ShardState[] redistribute(List<ShardState> recovered, int shards) {
    ShardState[] out = new ShardState[shards];
    if (recovered.size() == shards) {
      return recovered.toArray(out);
    }
    for (int i = 0; i < shards; i++) {
      out[i] = new ShardState();
    }
    for (ShardState s : recovered) {
      out[0].counts.merge(s.counts);
    }
    return out;
  }
}
