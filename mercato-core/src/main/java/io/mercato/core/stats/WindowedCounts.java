package io.mercato.core.stats;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Exact counts per event type over the sliding event-time windows of a {@link Windows}
 * configuration, for one key (a user, an item, a campaign, global...).
 *
 * <h2>Storage</h2>
 * Sparse: a sorted {@code String[]} of the types with at least one retained bucket and, per type,
 * one series per bucket width — fine ({@value Windows#FINE_BUCKET_MILLIS} ms) and coarse
 * ({@value Windows#COARSE_BUCKET_MILLIS} ms) — each an exactly-sized {@code long[]} of packed
 * {@code (age, count)} entries (see {@link PackedBuckets}; age is counted in buckets back from the
 * bucket of {@link #newestMillis()}). Every event updates one fine and one coarse bucket, only for
 * the widths some configured window uses. Windows up to 1 h are answered from fine buckets, longer
 * ones from coarse buckets.
 *
 * <h2>Memory (64-bit JVM, compressed oops)</h2>
 * 40 bytes for the object, 3 × (16 + 4·types) for the type and series tables, and per non-empty
 * series 16 + 8·buckets (8 bytes per non-empty type-bucket). With the default windows (1m, 10m, 1h,
 * 24h, 7d; 10 min lateness) a type holds at most 421 fine + 170 coarse buckets, so a key is bounded
 * by about 4.9 KB per type (a global key busy in every 10-second bucket). A typical user — five events
 * a day in four funnel types — measures 0.5 KB on average ({@code WindowedCountsMemoryTest}). Known
 * type names are stored as the shared {@link EventTypes} constants; custom type strings are kept once
 * per key that saw them.
 *
 * <h2>Eviction and order independence</h2>
 * After every {@link #add}/{@link #merge} that advances {@link #newestMillis()}, a bucket
 * {@code [b·w, (b+1)·w)} of width {@code w} is dropped once its exclusive end is at or before
 * {@code newestMillis - retention}, where retention is {@link Windows#fineRetentionMillis()} or
 * {@link Windows#coarseRetentionMillis()} (the longest window of that width plus the allowed
 * lateness); see {@link BucketLayout}. An event whose bucket is already past that cutoff is ignored
 * for that width (it would be evicted anyway), and ignored entirely when past it for every width.
 * Since the cutoff only moves forward with the newest event time, the state after a set of events is
 * a function of the set alone: every event whose bucket is within retention of the maximum event
 * time, whatever the arrival order or the partitioning into merged partial aggregates.
 *
 * <h2>Exactness</h2>
 * {@link #count} is exact (equal to counting the events with {@link Window#covers}) for any
 * {@code nowMillis ≥ newestMillis() - windows.latenessMillis()}: retention is long enough that no
 * bucket such a window covers has been evicted. For earlier {@code now} the count is a lower bound.
 * Eviction is driven by event time only, so a key that receives no events keeps its state; the
 * store's key TTL is what frees idle keys.
 *
 * <p>Not thread-safe. Complexity: {@code add} is O(log types + log buckets) when the event falls in an
 * existing bucket, O(buckets of the type) for a new bucket, and O(all buckets) when the newest event
 * time moves to a new bucket (everything is aged and the tail evicted — at most once per 10 s of event
 * time per key). {@code count} is O(log types + log buckets + buckets in the window).
 *
 * <pre>
 * v1: byte version=1 | varint typeCount | [long newestMillis, only when typeCount &gt; 0]
 *     | (string type | series fine | series coarse)*   types ascending (String order)
 *     series: varint n | (varint ageDelta | varint count)*   ages ascending, first delta from 0
 * </pre>
 */
public final class WindowedCounts implements Aggregate<WindowedCounts> {
  static final int VERSION = 1;
  private static final String[] NO_TYPES = new String[0];
  private static final long[][] NO_SERIES = new long[0][];
  /** One-entry cache: an engine uses one {@link Windows} for all keys, so the plan is computed once. */
  private static volatile Plan lastPlan;

  private final Plan plan;
  private long newestMillis = Long.MIN_VALUE;
  // Parallel tables indexed like types; an unused or empty series is PackedBuckets.EMPTY.
  private String[] types = NO_TYPES;
  private long[][] fine = NO_SERIES;
  private long[][] coarse = NO_SERIES;

  /**
   * An empty aggregate.
   *
   * @throws IllegalArgumentException when the retention exceeds {@link PackedBuckets#MAX_AGE} buckets
   *     of a width (an allowed lateness of more than about five years)
   */
  public WindowedCounts(Windows windows) {
    this(planFor(Objects.requireNonNull(windows, "windows")));
  }

  private WindowedCounts(Plan plan) {
    this.plan = plan;
  }

  /** The configuration this aggregate was built for. */
  public Windows windows() {
    return plan.windows;
  }

  /** Counts one event of its type at its event time. */
  @Override
  public void apply(Event event) {
    add(event.type(), event.timestampMillis(), 1);
  }

  /**
   * Adds {@code n} events of {@code type} at {@code eventMillis} (epoch ms, any value). A no-op when
   * {@code n == 0} or when the event is beyond retention for every bucket width.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   * @throws ArithmeticException when a bucket would exceed {@link PackedBuckets#MAX_COUNT} (about
   *     10^12); the aggregate is then unchanged
   */
  public void add(String type, long eventMillis, long n) {
    Objects.requireNonNull(type, "type");
    if (n < 0) {
      throw new IllegalArgumentException("count to add must not be negative but was " + n);
    }
    if (n == 0) {
      return;
    }
    boolean empty = isEmpty();
    long newest = empty ? eventMillis : Math.max(newestMillis, eventMillis);
    long fineAge = plan.fine.keptAge(eventMillis, newest);
    long coarseAge = plan.coarse.keptAge(eventMillis, newest);
    if (fineAge < 0 && coarseAge < 0) {
      return; // too old for every width: it would be evicted at once, so order cannot matter
    }
    int t = findType(type);
    if (t >= 0) {
      // Check before mutating so a failed add leaves the aggregate unchanged.
      checkRoom(plan.fine, fine[t], fineAge, newest, n);
      checkRoom(plan.coarse, coarse[t], coarseAge, newest, n);
    } else if (n > PackedBuckets.MAX_COUNT) {
      throw new ArithmeticException("a bucket count would exceed " + PackedBuckets.MAX_COUNT);
    }
    if (empty || newest > newestMillis) {
      advance(newest);
      t = findType(type); // advancing may have dropped emptied types
    }
    if (t < 0) {
      t = insertType(-t - 1, type);
    }
    if (fineAge >= 0) {
      fine[t] = PackedBuckets.increment(fine[t], fineAge, n);
    }
    if (coarseAge >= 0) {
      coarse[t] = PackedBuckets.increment(coarse[t], coarseAge, n);
    }
  }

  /**
   * {@link Arrays#binarySearch} semantics for {@code type} in {@code types}. A key has a handful of
   * types and events name the same few constantly, so an identity-then-equals scan finds it without
   * the string comparisons of a binary search; only a new type pays for the search.
   */
  private int findType(String type) {
    String[] ts = types;
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] == type) {
        return i;
      }
    }
    for (int i = 0; i < ts.length; i++) {
      if (ts[i].equals(type)) {
        return i;
      }
    }
    return Arrays.binarySearch(ts, type);
  }

  /** Called only when the type exists, so the aggregate is not empty and newestMillis is real. */
  private void checkRoom(BucketLayout layout, long[] series, long age, long newest, long n) {
    if (age < 0) {
      return;
    }
    // The event's bucket, aged as it is before this add moves the newest time.
    long ageNow = age - (layout.bucket(newest) - layout.bucket(newestMillis));
    long existing = ageNow >= 0 ? PackedBuckets.countAt(series, ageNow) : 0;
    if (n > PackedBuckets.MAX_COUNT - existing) {
      throw new ArithmeticException("a bucket count would exceed " + PackedBuckets.MAX_COUNT);
    }
  }

  /** Moves the newest time forward to {@code newest}, ageing and evicting every series. */
  private void advance(long newest) {
    if (isEmpty()) {
      newestMillis = newest;
      return;
    }
    long old = newestMillis;
    newestMillis = newest;
    boolean emptied = shiftAll(plan.fine, fine, old, newest);
    emptied |= shiftAll(plan.coarse, coarse, old, newest);
    if (emptied) {
      dropEmptyTypes(); // only a series evicted to nothing can leave a type without buckets
    }
  }

  /** Ages and evicts one width's series; true when some series lost its last bucket. */
  private boolean shiftAll(BucketLayout layout, long[][] series, long old, long newest) {
    if (!layout.used()) {
      return false;
    }
    long delta = layout.bucket(newest) - layout.bucket(old);
    long maxAge = layout.maxAge(newest);
    if (delta == 0 && maxAge == layout.maxAge(old)) {
      return false; // same buckets, same cutoff: nothing ages, nothing leaves
    }
    boolean emptied = false;
    for (int t = 0; t < series.length; t++) {
      long[] before = series[t];
      series[t] = PackedBuckets.shift(before, delta, maxAge);
      emptied |= before.length > 0 && series[t].length == 0;
    }
    return emptied;
  }

  private void dropEmptyTypes() {
    int k = 0;
    for (int t = 0; t < types.length; t++) {
      if (fine[t].length + coarse[t].length > 0) {
        types[k] = types[t];
        fine[k] = fine[t];
        coarse[k] = coarse[t];
        k++;
      }
    }
    if (k < types.length) {
      types = k == 0 ? NO_TYPES : Arrays.copyOf(types, k);
      fine = k == 0 ? NO_SERIES : Arrays.copyOf(fine, k);
      coarse = k == 0 ? NO_SERIES : Arrays.copyOf(coarse, k);
      // k == 0 only when the event that moved the newest time evicted everything; add() then stores
      // that event at once, so newestMillis stays.
    }
  }

  private int insertType(int at, String type) {
    types = insert(types, at, canonical(type), new String[types.length + 1]);
    fine = insert(fine, at, PackedBuckets.EMPTY, new long[fine.length + 1][]);
    coarse = insert(coarse, at, PackedBuckets.EMPTY, new long[coarse.length + 1][]);
    return at;
  }

  private static <T> T[] insert(T[] a, int at, T value, T[] into) {
    System.arraycopy(a, 0, into, 0, at);
    into[at] = value;
    System.arraycopy(a, at, into, at + 1, a.length - at);
    return into;
  }

  /** Known types share the {@link EventTypes} constant instead of keeping the parsed string alive. */
  private static String canonical(String type) {
    for (String known : EventTypes.KNOWN) {
      if (known.equals(type)) {
        return known;
      }
    }
    return type;
  }

  /**
   * Events of {@code type} whose time {@code w} covers at {@code nowMillis} ({@link Window#covers}).
   * Exact for {@code nowMillis ≥ newestMillis() - windows().latenessMillis()}, a lower bound before.
   *
   * @throws IllegalArgumentException when {@code w} is not one of {@link #windows()}
   */
  public long count(String type, Window w, long nowMillis) {
    BucketLayout layout = plan.layoutOf(w);
    int t = isEmpty() ? -1 : Arrays.binarySearch(types, type);
    return t < 0 ? 0 : countIn(layout == plan.fine ? fine[t] : coarse[t], layout, w, nowMillis);
  }

  private long countIn(long[] series, BucketLayout layout, Window w, long nowMillis) {
    // The window covers buckets [bucket(now) - buckets + 1, bucket(now)]; turn them into ages.
    long newestBucket = layout.bucket(newestMillis);
    long nowBucket = w.bucketIndex(nowMillis);
    long maxAge = newestBucket - (nowBucket - w.buckets() + 1);
    if (maxAge < 0) {
      return 0; // the window starts after the newest event
    }
    return PackedBuckets.sum(series, Math.max(0, newestBucket - nowBucket), maxAge);
  }

  /**
   * Every type with a non-zero {@link #count} in {@code w} at {@code nowMillis}, ordered by type;
   * unmodifiable.
   *
   * @throws IllegalArgumentException when {@code w} is not one of {@link #windows()}
   */
  public Map<String, Long> counts(Window w, long nowMillis) {
    BucketLayout layout = plan.layoutOf(w);
    long[][] series = layout == plan.fine ? fine : coarse;
    Map<String, Long> m = new TreeMap<>();
    for (int t = 0; t < types.length; t++) {
      long c = countIn(series[t], layout, w, nowMillis);
      if (c != 0) {
        m.put(types[t], c);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** The largest event time added or merged (retained or not); {@link Long#MIN_VALUE} when empty. */
  public long newestMillis() {
    return newestMillis;
  }

  /** True when nothing is retained (nothing added yet, or only zero counts). */
  public boolean isEmpty() {
    return types.length == 0;
  }

  /**
   * Adds {@code other}'s counts; {@code other} is unchanged. The result equals applying both event
   * sets to one aggregate. O(buckets of both).
   *
   * @throws IllegalArgumentException when the window configurations differ (names or lateness)
   * @throws ArithmeticException when a bucket would exceed {@link PackedBuckets#MAX_COUNT}; this
   *     aggregate is then unchanged
   */
  @Override
  public void merge(WindowedCounts other) {
    if (!sameConfig(plan.windows, other.plan.windows)) {
      throw new IllegalArgumentException("cannot merge counts over windows " + describe(other.plan.windows)
          + " into counts over windows " + describe(plan.windows));
    }
    if (other.isEmpty()) {
      return;
    }
    long newest = isEmpty() ? other.newestMillis : Math.max(newestMillis, other.newestMillis);
    // Build the whole result first so an overflow leaves this aggregate untouched.
    int n = types.length + other.types.length;
    String[] mTypes = new String[n];
    long[][] mFine = new long[n][];
    long[][] mCoarse = new long[n][];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < types.length || j < other.types.length) {
      int cmp = i == types.length ? 1 : j == other.types.length ? -1 : types[i].compareTo(other.types[j]);
      boolean mine = cmp <= 0;
      boolean theirs = cmp >= 0;
      long[] f = mergeSeries(plan.fine, mine ? fine[i] : null, this, theirs ? other.fine[j] : null, other, newest);
      long[] c = mergeSeries(plan.coarse, mine ? coarse[i] : null, this, theirs ? other.coarse[j] : null, other,
          newest);
      if (f.length + c.length > 0) {
        mTypes[k] = mine ? types[i] : other.types[j];
        mFine[k] = f;
        mCoarse[k] = c;
        k++;
      }
      i += mine ? 1 : 0;
      j += theirs ? 1 : 0;
    }
    types = Arrays.copyOf(mTypes, k);
    fine = Arrays.copyOf(mFine, k);
    coarse = Arrays.copyOf(mCoarse, k);
    newestMillis = k == 0 ? Long.MIN_VALUE : newest;
  }

  private static long[] mergeSeries(BucketLayout layout, long[] a, WindowedCounts aOwner, long[] b,
      WindowedCounts bOwner, long newest) {
    if (!layout.used()) {
      return PackedBuckets.EMPTY;
    }
    long target = layout.bucket(newest);
    long da = a == null ? 0 : target - layout.bucket(aOwner.newestMillis);
    long db = b == null ? 0 : target - layout.bucket(bOwner.newestMillis);
    return PackedBuckets.merge(a == null ? PackedBuckets.EMPTY : a, da, b == null ? PackedBuckets.EMPTY : b, db,
        layout.maxAge(newest));
  }

  /** A deep copy sharing only the (immutable) configuration. O(buckets). */
  public WindowedCounts copy() {
    WindowedCounts c = new WindowedCounts(plan);
    c.newestMillis = newestMillis;
    c.types = types.clone();
    c.fine = deepCopy(fine);
    c.coarse = deepCopy(coarse);
    return c;
  }

  private static long[][] deepCopy(long[][] series) {
    long[][] c = new long[series.length][];
    for (int t = 0; t < series.length; t++) {
      c[t] = series[t].length == 0 ? PackedBuckets.EMPTY : series[t].clone();
    }
    return c;
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION).writeVarLong(types.length);
    if (isEmpty()) {
      return;
    }
    out.writeLong(newestMillis);
    for (int t = 0; t < types.length; t++) {
      out.writeString(types[t]);
      writeSeries(out, fine[t]);
      writeSeries(out, coarse[t]);
    }
  }

  private static void writeSeries(BinaryWriter out, long[] series) {
    out.writeVarLong(series.length);
    long prev = 0;
    for (long e : series) {
      long age = PackedBuckets.age(e);
      out.writeVarLong(age - prev).writeVarLong(PackedBuckets.count(e));
      prev = age;
    }
  }

  /**
   * Decodes what {@link #writeTo} wrote. Reading with a different {@code windows} than the writer's
   * keeps exactly what that configuration retains (buckets beyond its retention, or of a width it
   * does not use, are dropped), so a snapshot survives a configuration change.
   *
   * @throws CorruptDataException on an unknown version, truncated or inconsistent data
   */
  public static WindowedCounts read(BinaryReader in, Windows windows) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown WindowedCounts version " + version);
    }
    WindowedCounts c = new WindowedCounts(windows);
    int n = in.readLength(in.remaining() / 3); // a type takes at least 3 bytes
    if (n == 0) {
      return c;
    }
    long newest = in.readLong();
    String[] types = new String[n];
    long[][] fine = new long[n][];
    long[][] coarse = new long[n][];
    int k = 0;
    String prev = null;
    for (int t = 0; t < n; t++) {
      String type = in.readString();
      if (prev != null && type.compareTo(prev) <= 0) {
        throw new CorruptDataException("WindowedCounts types out of order: \"" + type + "\" after \"" + prev + "\"");
      }
      prev = type;
      long[] f = readSeries(in, c.plan.fine, newest, type);
      long[] co = readSeries(in, c.plan.coarse, newest, type);
      if (f.length + co.length > 0) {
        types[k] = canonical(type);
        fine[k] = f;
        coarse[k] = co;
        k++;
      }
    }
    if (k > 0) {
      c.newestMillis = newest;
      c.types = Arrays.copyOf(types, k);
      c.fine = Arrays.copyOf(fine, k);
      c.coarse = Arrays.copyOf(coarse, k);
    }
    return c;
  }

  private static long[] readSeries(BinaryReader in, BucketLayout layout, long newest, String type) {
    int n = in.readLength(in.remaining() / 2); // an entry takes at least 2 bytes
    long[] out = new long[n];
    long maxAge = layout.used() ? layout.maxAge(newest) : -1;
    int k = 0;
    long age = 0;
    for (int i = 0; i < n; i++) {
      long delta = in.readVarLong();
      long count = in.readVarLong();
      if (delta < 0 || (i > 0 && delta == 0) || age + delta < age) {
        throw new CorruptDataException("WindowedCounts bucket ages of \"" + type + "\" not ascending");
      }
      if (count <= 0 || count > PackedBuckets.MAX_COUNT) {
        throw new CorruptDataException("WindowedCounts bucket count " + count + " of \"" + type + "\" out of range");
      }
      age += delta;
      if (age <= maxAge) {
        out[k++] = PackedBuckets.pack(age, count);
      }
    }
    return k == 0 ? PackedBuckets.EMPTY : Arrays.copyOf(out, k);
  }

  /**
   * Rough retained size in bytes on a 64-bit JVM with compressed oops, from array lengths: 16-byte
   * array headers, 4-byte references, 8-byte alignment. Excludes the shared configuration and type
   * strings. For tests and capacity planning.
   */
  public long estimatedBytes() {
    long bytes = 40 + 3 * align(16 + 4L * types.length);
    for (int t = 0; t < types.length; t++) {
      bytes += fine[t].length == 0 ? 0 : 16 + 8L * fine[t].length;
      bytes += coarse[t].length == 0 ? 0 : 16 + 8L * coarse[t].length;
    }
    return bytes;
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowedCounts other
        && newestMillis == other.newestMillis
        && Arrays.equals(types, other.types)
        && Arrays.deepEquals(fine, other.fine)
        && Arrays.deepEquals(coarse, other.coarse)
        && sameConfig(plan.windows, other.plan.windows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(newestMillis, Arrays.hashCode(types), Arrays.deepHashCode(fine), Arrays.deepHashCode(coarse));
  }

  /** Type → bucket start (epoch ms) → count, per width, oldest bucket first. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("WindowedCounts{newestMillis=").append(newestMillis);
    for (int t = 0; t < types.length; t++) {
      sb.append(", ").append(types[t]).append("={fine=");
      appendSeries(sb, plan.fine, fine[t]);
      sb.append(", coarse=");
      appendSeries(sb, plan.coarse, coarse[t]);
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  private void appendSeries(StringBuilder sb, BucketLayout layout, long[] series) {
    sb.append('{');
    long newestBucket = layout.bucket(newestMillis);
    for (int i = series.length - 1; i >= 0; i--) {
      long start = (newestBucket - PackedBuckets.age(series[i])) * layout.widthMillis();
      sb.append(start).append('=').append(PackedBuckets.count(series[i])).append(i > 0 ? ", " : "");
    }
    sb.append('}');
  }

  /** Windows has identity equality; two configurations are the same when windows and lateness are. */
  static boolean sameConfig(Windows a, Windows b) {
    return a == b
        || (a.latenessMillis() == b.latenessMillis() && new HashSet<>(a.all()).equals(new HashSet<>(b.all())));
  }

  private static String describe(Windows w) {
    return w.names() + " with lateness " + w.latenessMillis() + " ms";
  }

  private static Plan planFor(Windows windows) {
    Plan p = lastPlan;
    if (p == null || p.windows != windows) {
      p = new Plan(windows);
      lastPlan = p;
    }
    return p;
  }

  /** The per-configuration constants, derived once (Windows recomputes retention on each call). */
  private static final class Plan {
    final Windows windows;
    final BucketLayout fine;
    final BucketLayout coarse;

    Plan(Windows windows) {
      this.windows = windows;
      this.fine = new BucketLayout(Windows.FINE_BUCKET_MILLIS, windows.fineRetentionMillis());
      this.coarse = new BucketLayout(Windows.COARSE_BUCKET_MILLIS, windows.coarseRetentionMillis());
    }

    BucketLayout layoutOf(Window w) {
      if (!windows.all().contains(w)) {
        throw new IllegalArgumentException("window " + w + " is not one of the configured windows " + windows.names());
      }
      return w.bucketMillis() == Windows.FINE_BUCKET_MILLIS ? fine : coarse;
    }
  }
}
