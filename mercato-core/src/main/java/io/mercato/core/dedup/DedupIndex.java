package io.mercato.core.dedup;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * Remembers the {@code event_id}s accepted within the dedup horizon, so a repeat counts once.
 *
 * <p>Ids are kept as 64-bit MurmurHash3 fingerprints, about 24 bytes each (a primitive hash set plus
 * one list entry for expiry), instead of strings (~100 bytes). Two different ids collide with
 * probability about n²/2⁶⁵: for 5 million remembered ids that is 7·10⁻⁷ over the whole horizon, and a
 * collision drops one event as a duplicate. Ids are grouped in buckets by acceptance time
 * ({@code horizon / 24} wide); a bucket is forgotten when it falls out of the horizon, or early
 * when {@code maxEntries} is reached (counted by {@link #earlyEvictions()}).
 *
 * <p>Not thread-safe: the embedded engine calls it under its ingest lock; the Flink job's single
 * recommendation writer keeps one as operator state.
 */
public final class DedupIndex {
  /** The default cap on remembered ids (5 M ≈ 120 MB), the embedded engine's {@code dedup.max-entries}. */
  public static final int DEFAULT_MAX_ENTRIES = 5_000_000;

  static final int VERSION = 1;
  private static final long SEED = 0x6d657263L; // "merc"
  private final long horizonMillis;
  private final long bucketMillis;
  private final int maxEntries;
  private final LongOpenHashSet seen = new LongOpenHashSet();
  private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();
  private long earlyEvictions;

  public DedupIndex(Duration horizon, int maxEntries) {
    this.horizonMillis = horizon.toMillis();
    this.bucketMillis = Math.max(1, horizonMillis / 24);
    this.maxEntries = maxEntries;
  }

  /** The fingerprint of an event id. */
  public static long fingerprint(String eventId) {
    return MurmurHash3.hash(eventId.getBytes(StandardCharsets.UTF_8), SEED)[0];
  }

  /**
   * Records {@code fingerprint} as seen at {@code nowMillis} unless it already is.
   *
   * @return true if it was new (the event should be accepted), false for a duplicate
   */
  public boolean markIfNew(long fingerprint, long nowMillis) {
    expire(nowMillis);
    if (!seen.add(fingerprint)) {
      return false;
    }
    long bucketStart = nowMillis - Math.floorMod(nowMillis, bucketMillis);
    Bucket last = buckets.peekLast();
    if (last == null || last.start < bucketStart) {
      last = new Bucket(bucketStart);
      buckets.addLast(last);
    }
    last.ids.add(fingerprint);
    while (seen.size() > maxEntries && buckets.size() > 1) {
      dropOldest();
      earlyEvictions++;
    }
    return true;
  }

  /** True if {@code fingerprint} is remembered. */
  public boolean contains(long fingerprint) {
    return seen.contains(fingerprint);
  }

  public int size() {
    return seen.size();
  }

  /** Buckets dropped before their time because {@code maxEntries} was reached. */
  public long earlyEvictions() {
    return earlyEvictions;
  }

  private void expire(long nowMillis) {
    Bucket first;
    while ((first = buckets.peekFirst()) != null
        && first.start + bucketMillis <= nowMillis - horizonMillis) {
      dropOldest();
    }
  }

  private void dropOldest() {
    Bucket b = buckets.pollFirst();
    for (int i = 0; i < b.ids.size(); i++) {
      seen.remove(b.ids.getLong(i));
    }
  }

  /**
   * Versioned binary form: {@code byte 1 | varint buckets | (long start | varint n | long id*)*}.
   */
  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION).writeVarLong(buckets.size());
    for (Bucket b : buckets) {
      out.writeLong(b.start).writeVarLong(b.ids.size());
      for (int i = 0; i < b.ids.size(); i++) {
        out.writeLong(b.ids.getLong(i));
      }
    }
  }

  /**
   * An immutable view of the index as it is now, in O(buckets): each bucket's id array and size are
   * captured, not copied. Buckets only ever grow at their end (ids past the captured size land in
   * slots the view never reads, or in a new array once the list grows), and dropping a bucket does
   * not touch its ids, so the view stays valid while the index goes on changing. Lets a snapshot take
   * the index under the ingest lock in microseconds and serialise it outside.
   *
   * <p>Visibility: call under the same lock as the writers; the view may then be read on any thread
   * that received it through a happens-before edge (a future, a lock).
   */
  public Frozen frozen() {
    long[] starts = new long[buckets.size()];
    long[][] ids = new long[buckets.size()][];
    int[] sizes = new int[buckets.size()];
    int i = 0;
    for (Bucket b : buckets) {
      starts[i] = b.start;
      ids[i] = b.ids.elements();
      sizes[i] = b.ids.size();
      i++;
    }
    return new Frozen(starts, ids, sizes);
  }

  /** What {@link #frozen()} captured; {@link #writeTo} gives the bytes the index's own would have. */
  public static final class Frozen {
    private final long[] starts;
    private final long[][] ids;
    private final int[] sizes;

    private Frozen(long[] starts, long[][] ids, int[] sizes) {
      this.starts = starts;
      this.ids = ids;
      this.sizes = sizes;
    }

    /** Remembered ids at capture. */
    public long size() {
      long n = 0;
      for (int s : sizes) {
        n += s;
      }
      return n;
    }

    /** The format of {@link DedupIndex#writeTo}. */
    public void writeTo(BinaryWriter out) {
      out.writeByte(VERSION).writeVarLong(starts.length);
      for (int b = 0; b < starts.length; b++) {
        out.writeLong(starts[b]).writeVarLong(sizes[b]);
        long[] a = ids[b];
        for (int i = 0; i < sizes[b]; i++) {
          out.writeLong(a[i]);
        }
      }
    }
  }

  /** Restores what {@link #writeTo} wrote, into a fresh index with the given settings. */
  public static DedupIndex read(BinaryReader in, Duration horizon, int maxEntries) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown dedup index version " + version);
    }
    DedupIndex index = new DedupIndex(horizon, maxEntries);
    int n = in.readLength(Integer.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      Bucket b = new Bucket(in.readLong());
      int size = in.readLength(in.remaining() / 8);
      b.ids.ensureCapacity(size);
      for (int j = 0; j < size; j++) {
        long id = in.readLong();
        if (index.seen.add(id)) {
          b.ids.add(id);
        }
      }
      index.buckets.addLast(b);
    }
    return index;
  }

  /** Iterates bucket start times, oldest first (for tests). */
  Iterator<Long> bucketStarts() {
    return buckets.stream().map(b -> b.start).iterator();
  }

  private static final class Bucket {
    final long start;
    final LongArrayList ids = new LongArrayList();

    Bucket(long start) {
      this.start = start;
    }
  }
}
