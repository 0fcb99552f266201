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
import java.util.Collection;
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
 * One {@code long[]} of <em>cells</em>, one cell per non-empty (bucket width, bucket, type): coarse
 * ({@value Windows#COARSE_BUCKET_MILLIS} ms) cells first, then fine
 * ({@value Windows#FINE_BUCKET_MILLIS} ms) ones; each section sorted oldest bucket first, so the
 * bucket of the newest event is at the end of its section and in-order fine events append. A cell packs
 * {@code (age, type code, count)} (see {@link CellLayout}); age is counted in buckets back from the
 * bucket of {@link #newestMillis()}. Known types have fixed codes; custom type strings are kept once
 * per key in a small table. Every event updates one fine and one coarse cell, only for the widths
 * some configured window uses. Windows up to 1 h are answered from fine buckets, longer ones from
 * coarse buckets. Users — the most numerous keys — have a few cells each, so one array without
 * per-type tables is what keeps them small; busy keys grow their array by a quarter at a time.
 *
 * <h2>Memory (64-bit JVM, compressed oops)</h2>
 * 32 bytes for the object, {@code 16 + 8·capacity} for the cells (capacity = cells for arrays under
 * 16 cells, at most a quarter more beyond) and {@code 16 + 4·n} for a table of {@code n} custom types.
 * With the default windows (1m, 10m, 1h, 24h, 7d; 10 min lateness) a type holds at most 421 fine +
 * 170 coarse cells, so a key is bounded by about 4.7 KB (5.9 KB with slack) per type. A typical user
 * — five events a day in four funnel types — measures about 0.3 KB ({@code WindowedCountsMemoryTest}).
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
 * <h2>Limits</h2>
 * A bucket holds at most {@link #maxCount()} events: {@link PackedBuckets#MAX_COUNT} (about 10^12)
 * unless the allowed lateness exceeds about 45 hours or the longest window about 1.8 years, which
 * leave fewer bits for counts (at least 2^30 - 1; see {@link CellLayout}). One key holds at most
 * {@link #maxCustomTypes()} distinct custom types at a time (8,184 with the default windows; the
 * engine admits far fewer, {@code limits.max-custom-types}).
 *
 * <p>Not thread-safe. Complexity: {@code add} is O(log cells) when the event falls in an existing
 * bucket or appends the newest one, O(cells) for a bucket inserted before others (a late event), and
 * O(cells) when the newest event time moves to a new bucket (everything is aged and the tail evicted
 * in one pass — at most once per 10 s of event time per key). {@code count} is O(log cells + cells
 * in the window).
 *
 * <pre>
 * v1: byte version=1 | varint typeCount | [long newestMillis, only when typeCount &gt; 0]
 *     | (string type | series fine | series coarse)*   types ascending (String order)
 *     series: varint n | (varint ageDelta | varint count)*   ages ascending, first delta from 0
 * </pre>
 */
public final class WindowedCounts implements Aggregate<WindowedCounts> {
  static final int VERSION = 1;
  private static final long[] NO_CELLS = {};
  private static final String[] KNOWN = EventTypes.KNOWN.toArray(new String[0]);

  /** One-entry cache: an engine uses one {@link Windows} for all keys, so the plan is computed once. */
  private static volatile Plan lastPlan;

  private final Plan plan;
  private long newestMillis = Long.MIN_VALUE;
  // Ascending: coarse cells, then fine cells (CellLayout's width bit). When not every slot holds a
  // cell, the last slot holds the sizes (see meta()) instead of two int fields: 8 bytes per key.
  private long[] cells = NO_CELLS;

  /** Custom type names; code KNOWN.length + i. Null until the first custom type. */
  private String[] custom;

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

  /** The largest count one bucket can hold with this configuration. */
  public long maxCount() {
    return plan.cells.maxCount;
  }

  /** How many distinct custom types one key can hold at a time with this configuration. */
  public int maxCustomTypes() {
    return plan.cells.maxCode + 1 - KNOWN.length;
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
   * @throws ArithmeticException when a bucket would exceed {@link #maxCount()}; the aggregate is
   *     then unchanged
   * @throws IllegalStateException when {@code type} would be custom type number
   *     {@link #maxCustomTypes()} + 1 of this key; the aggregate is then unchanged
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
    CellLayout l = plan.cells;
    if (n > l.maxCount) {
      throw new ArithmeticException("a bucket count would exceed " + l.maxCount);
    }
    int code = codeOf(type);
    if (code >= 0 && !empty) {
      // Check before mutating so a failed add leaves the aggregate unchanged.
      int size = size();
      int split = split(size);
      checkRoom(plan.fine, true, split, size, fineAge, code, newest, n);
      checkRoom(plan.coarse, false, 0, split, coarseAge, code, newest, n);
    } else if (code < 0 && (custom == null ? 0 : custom.length) + KNOWN.length > l.maxCode) {
      throw new IllegalStateException(
          "a key holds at most "
              + maxCustomTypes()
              + " custom types with windows "
              + describe(plan.windows)
              + "; \""
              + type
              + "\" would be one more");
    }
    if (empty || newest > newestMillis) {
      advance(newest);
    }
    if (code < 0) {
      code = addCustom(type);
    }
    if (fineAge >= 0) {
      increment(l.prefix(true, fineAge, code), n);
    }
    if (coarseAge >= 0) {
      increment(l.prefix(false, coarseAge, code), n);
    }
  }

  /** The code of {@code type}, or -1 for a custom type this key does not hold. */
  private int codeOf(String type) {
    // Events carry the shared EventTypes constants, so identity usually answers.
    for (int i = 0; i < KNOWN.length; i++) {
      if (KNOWN[i] == type) {
        return i;
      }
    }
    for (int i = 0; i < KNOWN.length; i++) {
      if (KNOWN[i].equals(type)) {
        return i;
      }
    }
    if (custom != null) {
      for (int i = 0; i < custom.length; i++) {
        if (custom[i].equals(type)) {
          return KNOWN.length + i;
        }
      }
    }
    return -1;
  }

  private String typeOf(int code) {
    return code < KNOWN.length ? KNOWN[code] : custom[code - KNOWN.length];
  }

  private int addCustom(String type) {
    int n = custom == null ? 0 : custom.length;
    custom = custom == null ? new String[1] : Arrays.copyOf(custom, n + 1);
    custom[n] = type;
    return KNOWN.length + n;
  }

  /** Called only when the type exists, so the aggregate is not empty and newestMillis is real. */
  private void checkRoom(
      BucketLayout layout,
      boolean fine,
      int from,
      int to,
      long age,
      int code,
      long newest,
      long n) {
    if (age < 0) {
      return;
    }
    // The event's bucket, aged as it is before this add moves the newest time.
    long ageNow = age - (layout.bucket(newest) - layout.bucket(newestMillis));
    if (ageNow < 0) {
      return;
    }
    CellLayout l = plan.cells;
    int i = find(from, to, l.prefix(fine, ageNow, code));
    long existing = i >= 0 ? l.count(cells[i]) : 0;
    if (n > l.maxCount - existing) {
      throw new ArithmeticException("a bucket count would exceed " + l.maxCount);
    }
  }

  /**
   * Index of the cell with {@code prefix} in {@code [from, to)}, or {@code -(insertion point) - 1}.
   * The newest bucket is at the end of a section and most events land in it, so the last cell is
   * checked before the binary search.
   */
  private int find(int from, int to, long prefix) {
    int shift = plan.cells.countBits;
    if (to > from) {
      long last = cells[to - 1] >>> shift;
      if (last == prefix) {
        return to - 1;
      }
      if (last < prefix) {
        return -to - 1;
      }
    }
    int lo = from;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long p = cells[mid] >>> shift;
      if (p < prefix) {
        lo = mid + 1;
      } else if (p > prefix) {
        hi = mid;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  /** Adds {@code n} (checked) to the cell {@code prefix}, inserting it if absent. */
  private void increment(long prefix, long n) {
    int size = size();
    int split = split(size);
    int i = find(0, size, prefix);
    if (i >= 0) {
      cells[i] += n;
      return;
    }
    int at = -i - 1;
    if (size == cells.length || (size >= 16 && size + 1 == cells.length)) {
      // Busy keys keep a sizes slot, so they never search for their sizes; small ones fill up.
      cells = Arrays.copyOf(cells, grown(size));
    }
    // May overwrite the sizes slot of a small array: it is then full, which needs no sizes slot.
    System.arraycopy(cells, at, cells, at + 1, size - at);
    cells[at] = prefix << plan.cells.countBits | n;
    setSizes(size + 1, cells[at] < CellLayout.FINE ? split + 1 : split);
  }

  /**
   * The sizes word: negative, so never a cell. {@code Long.MIN_VALUE | size << 32 | split}, where
   * {@code split} is the index of the first fine cell.
   */
  private static long meta(int size, int split) {
    return Long.MIN_VALUE | (long) size << 32 | split;
  }

  /** Records the sizes after a change; a full array needs no record. */
  private void setSizes(int size, int split) {
    if (size < cells.length) {
      cells[cells.length - 1] = meta(size, split);
    }
  }

  /** The number of cells in use. O(1). */
  private int size() {
    long[] c = cells;
    int n = c.length;
    if (n == 0) {
      return 0;
    }
    long last = c[n - 1];
    return last >= 0 ? n : (int) (last >>> 32) & Integer.MAX_VALUE;
  }

  /** The index of the first fine cell (cells below are coarse): O(1), or O(log cells) for a full array. */
  private int split(int size) {
    long[] c = cells;
    if (size < c.length) {
      return (int) c[c.length - 1];
    }
    return firstFine(c, size);
  }

  private static int firstFine(long[] c, int size) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (c[mid] < CellLayout.FINE) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Exact sizes while small (most keys are users with a few cells), a quarter more beyond. */
  private static int grown(int size) {
    return size < 16 ? size + 1 : size + (size >> 2);
  }

  /** Moves the newest time forward to {@code newest}, ageing and evicting every cell in one pass. */
  private void advance(long newest) {
    long old = newestMillis;
    newestMillis = newest;
    int size = size();
    if (size == 0) {
      return;
    }
    BucketLayout f = plan.fine;
    BucketLayout c = plan.coarse;
    long df = f.used() ? f.bucket(newest) - f.bucket(old) : 0;
    long dc = c.used() ? c.bucket(newest) - c.bucket(old) : 0;
    long mf = f.used() ? f.maxAge(newest) : 0;
    long mc = c.used() ? c.maxAge(newest) : 0;
    if (df == 0
        && dc == 0
        && (!f.used() || mf == f.maxAge(old))
        && (!c.used() || mc == c.maxAge(old))) {
      return; // same buckets, same cutoff: nothing ages, nothing leaves
    }
    int split = split(size);
    int coarse = shift(0, split, 0, dc, mc);
    int w = shift(split, size, coarse, df, mf);
    if (cells.length > 16 && cells.length > 2 * w) {
      cells = w == 0 ? NO_CELLS : Arrays.copyOf(cells, grown(w)); // a key that went quiet shrinks
    }
    setSizes(w, coarse);
  }

  /**
   * Ages the cells {@code [from, to)} by {@code delta} buckets, drops those older than {@code maxAge}
   * and moves the survivors to start at {@code w}; returns the index after the last survivor.
   */
  private int shift(int from, int to, int w, long delta, long maxAge) {
    CellLayout l = plan.cells;
    // Oldest first: the evicted cells are a prefix of the section.
    int i = from;
    while (i < to && l.age(cells[i]) > maxAge - delta) {
      i++;
    }
    long step = delta << l.ageShift; // ages are stored inverted: older is smaller
    for (; i < to; i++) {
      cells[w++] = cells[i] - step;
    }
    return w;
  }

  /**
   * Events of {@code type} whose time {@code w} covers at {@code nowMillis} ({@link Window#covers}).
   * Exact for {@code nowMillis ≥ newestMillis() - windows().latenessMillis()}, a lower bound before.
   *
   * @throws IllegalArgumentException when {@code w} is not one of {@link #windows()}
   */
  public long count(String type, Window w, long nowMillis) {
    BucketLayout layout = plan.layoutOf(w);
    int code = isEmpty() ? -1 : codeOf(type);
    if (code < 0) {
      return 0;
    }
    long[] sums = sumsIn(layout, w, nowMillis, code);
    return sums == null ? 0 : sums[0];
  }

  /**
   * Events of any of {@code types} whose time {@code w} covers at {@code nowMillis}: the sum of
   * {@link #count} over the types, in one pass over the window's cells.
   *
   * @throws IllegalArgumentException when {@code w} is not one of {@link #windows()}
   */
  public long count(Collection<String> types, Window w, long nowMillis) {
    BucketLayout layout = plan.layoutOf(w);
    if (isEmpty()) {
      return 0;
    }
    long[] sums = sumsIn(layout, w, nowMillis, -1);
    if (sums == null) {
      return 0;
    }
    long total = 0;
    for (String type : types) {
      int code = codeOf(type);
      if (code >= 0 && code < sums.length) {
        total += sums[code];
      }
    }
    return total;
  }

  /**
   * A new aggregate with this one's buckets of {@code types}, summed per bucket, as the one type
   * {@code as}: the counts adding those events under type {@code as} would have made. Same
   * configuration and newest time; this aggregate is unchanged. O(cells · log cells).
   *
   * @throws ArithmeticException when a summed bucket would exceed {@link #maxCount()}
   */
  public WindowedCounts select(Collection<String> types, String as) {
    Objects.requireNonNull(as, "as");
    WindowedCounts out = new WindowedCounts(plan);
    int size = size();
    boolean[] chosen = new boolean[codes()];
    for (String t : types) {
      int c = codeOf(t);
      if (c >= 0) {
        chosen[c] = true;
      }
    }
    CellLayout l = plan.cells;
    long[] picked = new long[size];
    int n = 0;
    int code = -1;
    for (int i = 0; i < size; i++) {
      long cell = cells[i];
      if (chosen[l.code(cell)]) {
        if (code < 0) {
          code = out.codeOf(as) >= 0 ? out.codeOf(as) : out.addCustom(as);
        }
        picked[n++] =
            l.prefix(cell >= CellLayout.FINE, l.age(cell), code) << l.countBits | l.count(cell);
      }
    }
    if (n == 0) {
      return out;
    }
    Arrays.sort(picked, 0, n); // the types of one bucket are now one cell apart: sum them
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (w > 0 && picked[w - 1] >>> l.countBits == picked[i] >>> l.countBits) {
        long sum = l.count(picked[w - 1]) + l.count(picked[i]);
        if (sum > l.maxCount) {
          throw new ArithmeticException("a bucket count would exceed " + l.maxCount);
        }
        picked[w - 1] = (picked[w - 1] >>> l.countBits) << l.countBits | sum;
      } else {
        picked[w++] = picked[i];
      }
    }
    out.cells = Arrays.copyOf(picked, w < 16 ? w : grown(w));
    out.setSizes(w, firstFine(out.cells, w));
    out.newestMillis = newestMillis;
    return out;
  }

  /** Whether {@code type} has a code here: it was added and this aggregate was not read back without it. */
  public boolean holds(String type) {
    return codeOf(type) >= 0;
  }

  /**
   * The number of custom (non-standard) types this aggregate has codes for, those whose buckets were
   * all evicted included until the aggregate is read back from its binary form.
   */
  public int customTypes() {
    return custom == null ? 0 : custom.length;
  }

  /**
   * Sums per type code of the cells {@code w} covers at {@code nowMillis}; only code {@code only} in
   * slot 0 when it is not negative; null when the window holds no retained bucket.
   */
  private long[] sumsIn(BucketLayout layout, Window w, long nowMillis, int only) {
    // The window covers buckets [bucket(now) - buckets + 1, bucket(now)]; turn them into ages.
    long newestBucket = layout.bucket(newestMillis);
    long nowBucket = w.bucketIndex(nowMillis);
    long maxAge = newestBucket - (nowBucket - w.buckets() + 1);
    long minAge = Math.max(0, newestBucket - nowBucket);
    if (maxAge < 0 || minAge > maxAge || minAge > plan.cells.maxAge) {
      return null; // the window starts after the newest event, or ends before anything retained
    }
    CellLayout l = plan.cells;
    boolean fine = layout == plan.fine;
    int size = size();
    int split = split(size);
    int from = fine ? split : 0;
    int to = fine ? size : split;
    // Cells are oldest first: start at the oldest age the window covers.
    int i = find(from, to, l.prefix(fine, Math.min(maxAge, l.maxAge), 0));
    i = i >= 0 ? i : -i - 1;
    long[] sums = new long[only >= 0 ? 1 : codes()];
    for (; i < to && l.age(cells[i]) >= minAge; i++) {
      int code = l.code(cells[i]);
      if (only < 0) {
        sums[code] += l.count(cells[i]);
      } else if (code == only) {
        sums[0] += l.count(cells[i]);
      }
    }
    return sums;
  }

  /** One more than the largest code in use. */
  private int codes() {
    return KNOWN.length + (custom == null ? 0 : custom.length);
  }

  /**
   * Every type with a non-zero {@link #count} in {@code w} at {@code nowMillis}, ordered by type;
   * unmodifiable.
   *
   * @throws IllegalArgumentException when {@code w} is not one of {@link #windows()}
   */
  public Map<String, Long> counts(Window w, long nowMillis) {
    BucketLayout layout = plan.layoutOf(w);
    Map<String, Long> m = new TreeMap<>();
    long[] sums = isEmpty() ? null : sumsIn(layout, w, nowMillis, -1);
    if (sums != null) {
      for (int code = 0; code < Math.min(sums.length, codes()); code++) {
        if (sums[code] != 0) {
          m.put(typeOf(code), sums[code]);
        }
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
    return size() == 0;
  }

  /**
   * Adds {@code other}'s counts; {@code other} is unchanged. The result equals applying both event
   * sets to one aggregate. O(cells of both · log).
   *
   * @throws IllegalArgumentException when the window configurations differ (names or lateness)
   * @throws ArithmeticException when a bucket would exceed {@link #maxCount()}; this aggregate is
   *     then unchanged
   * @throws IllegalStateException when the union would hold more than {@link #maxCustomTypes()}
   *     custom types; this aggregate is then unchanged
   */
  @Override
  public void merge(WindowedCounts other) {
    if (!sameConfig(plan.windows, other.plan.windows)) {
      throw new IllegalArgumentException(
          "cannot merge counts over windows "
              + describe(other.plan.windows)
              + " into counts over windows "
              + describe(plan.windows));
    }
    if (other.isEmpty()) {
      return;
    }
    long newest = isEmpty() ? other.newestMillis : Math.max(newestMillis, other.newestMillis);
    // Build the whole result first so a failure leaves this aggregate untouched.
    CellLayout l = plan.cells;
    String[] table = custom;
    int[] remap = new int[other.codes()];
    for (int code = 0; code < remap.length; code++) {
      int mine = code < KNOWN.length ? code : indexIn(table, other.typeOf(code));
      if (mine < 0) {
        int n = table == null ? 0 : table.length;
        if (n + KNOWN.length > l.maxCode) {
          throw new IllegalStateException(
              "a key holds at most "
                  + maxCustomTypes()
                  + " custom types; merging \""
                  + other.typeOf(code)
                  + "\" would be one more");
        }
        table = table == null ? new String[1] : Arrays.copyOf(table, n + 1);
        table[n] = other.typeOf(code);
        mine = KNOWN.length + n;
      }
      remap[code] = mine;
    }
    long[] a = aged(this, newest, null);
    long[] b = aged(other, newest, remap);
    long[] out = new long[a.length + b.length];
    int end = mergeSorted(a, b, out);
    cells = end == 0 ? NO_CELLS : Arrays.copyOf(out, end < 16 ? end : grown(end));
    setSizes(end, firstFine(cells, end));
    custom = table;
    newestMillis = end == 0 ? Long.MIN_VALUE : newest;
  }

  private static int indexIn(String[] table, String type) {
    if (table != null) {
      for (int i = 0; i < table.length; i++) {
        if (table[i].equals(type)) {
          return KNOWN.length + i;
        }
      }
    }
    return -1;
  }

  /**
   * {@code c}'s cells aged to {@code newest} with the evicted ones dropped and codes translated by
   * {@code remap} when not null; sorted.
   */
  private static long[] aged(WindowedCounts c, long newest, int[] remap) {
    CellLayout l = c.plan.cells;
    int size = c.size();
    int split = c.split(size);
    long[] out = new long[size];
    int w = 0;
    for (int s = 0; s < 2; s++) {
      boolean fine = s == 1;
      BucketLayout layout = fine ? c.plan.fine : c.plan.coarse;
      if (!layout.used()) {
        continue;
      }
      long delta = layout.bucket(newest) - layout.bucket(c.newestMillis);
      long maxAge = layout.maxAge(newest);
      for (int i = fine ? split : 0; i < (fine ? size : split); i++) {
        long age = l.age(c.cells[i]);
        if (age <= maxAge - delta) {
          int code = remap == null ? l.code(c.cells[i]) : remap[l.code(c.cells[i])];
          out[w++] = l.prefix(fine, age + delta, code) << l.countBits | l.count(c.cells[i]);
        }
      }
    }
    if (remap != null) {
      Arrays.sort(out, 0, w); // translated codes may order differently within a bucket
    }
    return Arrays.copyOf(out, w);
  }

  /** Merges two sorted arrays of cells into {@code out}, summing equal cells; returns the length. */
  private int mergeSorted(long[] a, long[] b, long[] out) {
    CellLayout l = plan.cells;
    int shift = l.countBits;
    int i = 0;
    int j = 0;
    int w = 0;
    while (i < a.length || j < b.length) {
      long pa = i < a.length ? a[i] >>> shift : Long.MAX_VALUE;
      long pb = j < b.length ? b[j] >>> shift : Long.MAX_VALUE;
      long p = Math.min(pa, pb);
      long count = 0;
      if (pa == p) {
        count += l.count(a[i++]);
      }
      if (pb == p) {
        count += l.count(b[j++]);
      }
      if (count > l.maxCount) {
        throw new ArithmeticException("a bucket count would exceed " + l.maxCount);
      }
      out[w++] = p << shift | count;
    }
    return w;
  }

  /** A deep copy sharing only the (immutable) configuration. O(buckets). */
  public WindowedCounts copy() {
    WindowedCounts c = new WindowedCounts(plan);
    c.newestMillis = newestMillis;
    int size = size();
    c.cells = size == 0 ? NO_CELLS : Arrays.copyOf(cells, size);
    c.custom = custom == null ? null : custom.clone();
    return c;
  }

  @Override
  public void writeTo(BinaryWriter out) {
    String[] types = typesInUse();
    out.writeByte(VERSION).writeVarLong(types.length);
    if (types.length == 0) {
      return;
    }
    out.writeLong(newestMillis);
    int size = size();
    int split = split(size);
    for (String type : types) {
      int code = codeOf(type);
      out.writeString(type);
      writeSeries(out, split, size, code);
      writeSeries(out, 0, split, code);
    }
  }

  /** The types with at least one cell, ascending. */
  private String[] typesInUse() {
    boolean[] used = new boolean[codes()];
    int n = 0;
    int size = size();
    for (int i = 0; i < size; i++) {
      int code = plan.cells.code(cells[i]);
      if (!used[code]) {
        used[code] = true;
        n++;
      }
    }
    String[] types = new String[n];
    int k = 0;
    for (int code = 0; code < used.length; code++) {
      if (used[code]) {
        types[k++] = typeOf(code);
      }
    }
    Arrays.sort(types);
    return types;
  }

  private void writeSeries(BinaryWriter out, int from, int to, int code) {
    CellLayout l = plan.cells;
    int n = 0;
    for (int i = from; i < to; i++) {
      n += l.code(cells[i]) == code ? 1 : 0;
    }
    out.writeVarLong(n);
    long prev = 0;
    for (int i = to - 1; i >= from; i--) { // youngest first: ages ascending
      if (l.code(cells[i]) == code) {
        long age = l.age(cells[i]);
        out.writeVarLong(age - prev).writeVarLong(l.count(cells[i]));
        prev = age;
      }
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
    CellLayout l = c.plan.cells;
    long[][] fine = new long[n][];
    long[][] coarse = new long[n][];
    String prev = null;
    int total = 0;
    for (int t = 0; t < n; t++) {
      String type = in.readString();
      if (prev != null && type.compareTo(prev) <= 0) {
        throw new CorruptDataException(
            "WindowedCounts types out of order: \"" + type + "\" after \"" + prev + "\"");
      }
      prev = type;
      long[] f = readSeries(in, c.plan.fine, true, newest, type, l);
      long[] co = readSeries(in, c.plan.coarse, false, newest, type, l);
      if (f.length + co.length > 0) {
        int code = c.codeOf(type);
        if (code < 0) {
          if (c.codes() > l.maxCode) {
            throw new CorruptDataException(
                "WindowedCounts has more than " + c.maxCustomTypes() + " custom types");
          }
          code = c.addCustom(EventTypes.canonical(type));
        }
        fine[t] = withCode(f, code, l);
        coarse[t] = withCode(co, code, l);
        total += f.length + co.length;
      }
    }
    if (total > 0) {
      long[] cells = new long[total];
      int w = 0;
      for (int t = 0; t < n; t++) {
        if (fine[t] != null) {
          System.arraycopy(fine[t], 0, cells, w, fine[t].length);
          w += fine[t].length;
          System.arraycopy(coarse[t], 0, cells, w, coarse[t].length);
          w += coarse[t].length;
        }
      }
      Arrays.sort(cells);
      c.newestMillis = newest;
      c.cells = cells;
    }
    return c;
  }

  /** Entries {@code (age, count)} packed as cells of code 0, retained ages only. */
  private static long[] readSeries(
      BinaryReader in, BucketLayout layout, boolean fine, long newest, String type, CellLayout l) {
    int n = in.readLength(in.remaining() / 2); // an entry takes at least 2 bytes
    long[] out = new long[n];
    long maxAge = layout.used() ? layout.maxAge(newest) : -1;
    int k = 0;
    long age = 0;
    for (int i = 0; i < n; i++) {
      long delta = in.readVarLong();
      long count = in.readVarLong();
      if (delta < 0 || (i > 0 && delta == 0) || age + delta < age) {
        throw new CorruptDataException(
            "WindowedCounts bucket ages of \"" + type + "\" not ascending");
      }
      if (count <= 0 || count > l.maxCount) {
        throw new CorruptDataException(
            "WindowedCounts bucket count " + count + " of \"" + type + "\" out of range");
      }
      age += delta;
      if (age <= maxAge) {
        out[k++] = l.prefix(fine, age, 0) << l.countBits | count;
      }
    }
    return k == n ? out : Arrays.copyOf(out, k);
  }

  private static long[] withCode(long[] cells, int code, CellLayout l) {
    for (int i = 0; i < cells.length; i++) {
      cells[i] |= (long) code << l.countBits;
    }
    return cells;
  }

  /**
   * Rough retained size in bytes on a 64-bit JVM with compressed oops, from array lengths: 16-byte
   * array headers, 4-byte references, 8-byte alignment; array capacity counts, used or not. Excludes
   * the shared configuration and type strings. For tests and capacity planning.
   */
  public long estimatedBytes() {
    return 32
        + (cells.length == 0 ? 0 : 16 + 8L * cells.length)
        + (custom == null ? 0 : align(16 + 4L * custom.length));
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** Equal when the configuration, newest time and every retained bucket count are (layout aside). */
  @Override
  public boolean equals(Object o) {
    return o instanceof WindowedCounts other
        && newestMillis == other.newestMillis
        && sameConfig(plan.windows, other.plan.windows)
        && Arrays.equals(bytes(this), bytes(other));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes(this));
  }

  private static byte[] bytes(WindowedCounts c) {
    BinaryWriter w = new BinaryWriter();
    c.writeTo(w);
    return w.toByteArray();
  }

  /** Type → bucket start (epoch ms) → count, per width, oldest bucket first. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("WindowedCounts{newestMillis=").append(newestMillis);
    int size = size();
    int split = split(size);
    for (String type : typesInUse()) {
      int code = codeOf(type);
      sb.append(", ").append(type).append("={fine=");
      appendSeries(sb, plan.fine, split, size, code);
      sb.append(", coarse=");
      appendSeries(sb, plan.coarse, 0, split, code);
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  private void appendSeries(StringBuilder sb, BucketLayout layout, int from, int to, int code) {
    CellLayout l = plan.cells;
    sb.append('{');
    long newestBucket = layout.bucket(newestMillis);
    String sep = "";
    for (int i = from; i < to; i++) {
      if (l.code(cells[i]) == code) {
        long start = (newestBucket - l.age(cells[i])) * layout.widthMillis();
        sb.append(sep).append(start).append('=').append(l.count(cells[i]));
        sep = ", ";
      }
    }
    sb.append('}');
  }

  /** Windows has identity equality; two configurations are the same when windows and lateness are. */
  static boolean sameConfig(Windows a, Windows b) {
    return a == b
        || (a.latenessMillis() == b.latenessMillis()
            && new HashSet<>(a.all()).equals(new HashSet<>(b.all())));
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
    final CellLayout cells;

    Plan(Windows windows) {
      this.windows = windows;
      this.fine = new BucketLayout(Windows.FINE_BUCKET_MILLIS, windows.fineRetentionMillis());
      this.coarse = new BucketLayout(Windows.COARSE_BUCKET_MILLIS, windows.coarseRetentionMillis());
      this.cells = CellLayout.of(Math.max(fine.maxAgeBound(), coarse.maxAgeBound()));
    }

    BucketLayout layoutOf(Window w) {
      if (!windows.all().contains(w)) {
        throw new IllegalArgumentException(
            "window " + w + " is not one of the configured windows " + windows.names());
      }
      return w.bucketMillis() == Windows.FINE_BUCKET_MILLIS ? fine : coarse;
    }
  }
}
