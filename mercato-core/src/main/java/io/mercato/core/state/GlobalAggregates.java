package io.mercato.core.state;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;

/**
 * The global-scope aggregates of one partition of the event stream: all-time counts per type,
 * windowed counts, distinct users, purchase value quantiles and trending items. The cluster runtime
 * keeps several partitions (so the global scope is no single hot key) and readers merge them, as the
 * embedded engine merges its shards' global parts; every part merges exactly or within its sketch
 * bounds.
 *
 * <pre>v1: byte 1 | EventTypeCounts | WindowedCounts | WindowedDistinct | ValueQuantiles | WindowedTopItems</pre>
 */
public final class GlobalAggregates implements Aggregate<GlobalAggregates> {
  private static final int VERSION = 1;
  private final EventTypeCounts allTime;
  private final WindowedCounts counts;
  private final WindowedDistinct users;
  private final ValueQuantiles values;
  private final WindowedTopItems trending;

  /** Empty global aggregates over {@code windows}. */
  public GlobalAggregates(Windows windows) {
    this(
        new EventTypeCounts(),
        new WindowedCounts(windows),
        new WindowedDistinct(windows),
        new ValueQuantiles(),
        new WindowedTopItems(windows));
  }

  private GlobalAggregates(
      EventTypeCounts allTime,
      WindowedCounts counts,
      WindowedDistinct users,
      ValueQuantiles values,
      WindowedTopItems trending) {
    this.allTime = allTime;
    this.counts = counts;
    this.users = users;
    this.values = values;
    this.trending = trending;
  }

  @Override
  public void apply(Event e) {
    allTime.apply(e);
    counts.apply(e);
    users.apply(e);
    values.apply(e); // purchase values only: the sketch's own rule
    trending.apply(e);
  }

  @Override
  public void merge(GlobalAggregates other) {
    allTime.merge(other.allTime);
    counts.merge(other.counts);
    users.merge(other.users);
    values.merge(other.values);
    trending.merge(other.trending);
  }

  /** All-time counts per type (live object). */
  public EventTypeCounts allTime() {
    return allTime;
  }

  /** Windowed counts per type (live object). */
  public WindowedCounts counts() {
    return counts;
  }

  /** Distinct users per window (live object). */
  public WindowedDistinct users() {
    return users;
  }

  /** Purchase value quantiles (live object). */
  public ValueQuantiles values() {
    return values;
  }

  /** Trending items (live object). */
  public WindowedTopItems trending() {
    return trending;
  }

  /** The newest event time applied, Long.MIN_VALUE if none: the cluster's stream time. */
  public long newestMillis() {
    return counts.newestMillis();
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION);
    allTime.writeTo(out);
    counts.writeTo(out);
    users.writeTo(out);
    values.writeTo(out);
    trending.writeTo(out);
  }

  /** Reads the form {@link #writeTo} wrote. */
  public static GlobalAggregates read(BinaryReader in, Windows windows) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown global aggregates version " + version);
    }
    return new GlobalAggregates(
        EventTypeCounts.read(in),
        WindowedCounts.read(in, windows),
        WindowedDistinct.read(in),
        ValueQuantiles.read(in),
        WindowedTopItems.read(in));
  }
}
