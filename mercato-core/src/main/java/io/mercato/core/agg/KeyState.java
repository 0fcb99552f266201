package io.mercato.core.agg;

import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;

/**
 * Every aggregate of one item, category or campaign key, held together (by the embedded engine's
 * shards and by the Flink job's keyed state alike) so that an event costs one
 * hash lookup per scope instead of one per aggregate (those lookups in maps of many keys were a fifth
 * of a shard's time). Windowed counts and distinct users always; trending items for categories;
 * purchase value quantiles for campaigns, created on the first purchase with a value.
 *
 * <pre>v1: byte flags (1 trending, 2 values) | WindowedCounts | WindowedDistinct | [WindowedTopItems] | [ValueQuantiles]</pre>
 */
public final class KeyState implements Aggregate<KeyState> {
  private static final int TRENDING = 1;
  private static final int VALUES = 2;
  private final Windows windows;
  private final WindowedCounts counts;
  private final WindowedDistinct users;
  private final WindowedTopItems trending;
  private final boolean keepsValues;
  private ValueQuantiles values;

  /**
   * An empty key state: with trending items when {@code trending} (categories), keeping purchase
   * value quantiles when {@code values} (campaigns).
   */
  public KeyState(Windows windows, boolean trending, boolean values) {
    this(windows, new WindowedCounts(windows), new WindowedDistinct(windows),
        trending ? new WindowedTopItems(windows) : null, values, null);
  }

  private KeyState(Windows windows, WindowedCounts counts, WindowedDistinct users, WindowedTopItems trending,
      boolean keepsValues, ValueQuantiles values) {
    this.windows = windows;
    this.counts = counts;
    this.users = users;
    this.trending = trending;
    this.keepsValues = keepsValues;
    this.values = values;
  }

  @Override
  public void apply(Event e) {
    apply(e, WindowedDistinct.userHash(e.userId()));
  }

  /** Applies {@code e} whose user was already hashed with {@link WindowedDistinct#userHash}. */
  public void apply(Event e, long userHash) {
    counts.apply(e);
    users.applyHashed(e.timestampMillis(), userHash);
    if (trending != null) {
      trending.apply(e);
    }
    if (keepsValues && e.value() != null && EventTypes.PURCHASE.equals(e.type())) {
      if (values == null) {
        values = new ValueQuantiles();
      }
      values.apply(e);
    }
  }

  @Override
  public void merge(KeyState other) {
    counts.merge(other.counts);
    users.merge(other.users);
    if (trending != null && other.trending != null) {
      trending.merge(other.trending);
    }
    if (keepsValues && other.values != null) {
      if (values == null) {
        values = new ValueQuantiles();
      }
      values.merge(other.values);
    }
  }

  /** Windowed counts per event type (live object). */
  public WindowedCounts counts() {
    return counts;
  }

  /** Distinct users per window (live object). */
  public WindowedDistinct users() {
    return users;
  }

  /** Trending items (live object), or null when this key does not keep them. */
  public WindowedTopItems trending() {
    return trending;
  }

  /** Purchase value quantiles (live object), or null before the first purchase with a value. */
  public ValueQuantiles values() {
    return values;
  }

  /** True when nothing here can answer a query any more: no retained event and no all-time values. */
  public boolean idleBefore(long horizonMillis) {
    return counts.newestMillis() < horizonMillis && values == null;
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte((trending != null ? TRENDING : 0) | (values != null ? VALUES : 0));
    counts.writeTo(out);
    users.writeTo(out);
    if (trending != null) {
      trending.writeTo(out);
    }
    if (values != null) {
      values.writeTo(out);
    }
  }

  /** Reads the form {@link #writeTo} wrote, shaped like {@code new KeyState(windows, trending, keepsValues)}. */
  public static KeyState read(BinaryReader in, Windows windows, boolean trending, boolean keepsValues) {
    int flags = in.readByte();
    if ((flags & ~(TRENDING | VALUES)) != 0) {
      throw new CorruptDataException("unknown key state flags " + flags);
    }
    WindowedCounts counts = WindowedCounts.read(in, windows);
    WindowedDistinct users = WindowedDistinct.read(in);
    WindowedTopItems top = (flags & TRENDING) != 0 ? WindowedTopItems.read(in) : null;
    ValueQuantiles values = (flags & VALUES) != 0 ? ValueQuantiles.read(in) : null;
    if (trending && top == null) {
      top = new WindowedTopItems(windows);
    }
    return new KeyState(windows, counts, users, trending ? top : null, keepsValues, values);
  }
}
