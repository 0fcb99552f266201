package io.mercato.core.sketch;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.core.trending.TrendingCandidates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Trending items per sliding event-time window for one scope: a frequent-items sketch (Apache
 * DataSketches {@link ItemsSketch}, Misra–Gries with a purge by median) per sub-bucket of each window
 * ({@link SubBuckets}), merged on read. The scope is the key the caller routes events by (global, a
 * category): this aggregate counts every event it is given whose type is in the configured set
 * (default {@code view, click, add_to_cart, purchase}) and that has an {@link Event#itemId()}.
 *
 * <p><b>What it answers.</b> Not a ranking: a sketch's estimate is its upper bound, and on a long
 * tail (thousands of items with a few events each) the upper bounds of the tracked items are mostly
 * error. It answers {@link #candidates}: the items it tracks over a span containing a window, each
 * with an upper bound that always holds, and the maximum error {@code E}, which bounds every item it
 * does not track. {@link io.mercato.core.trending.TrendingRanker} turns them into exact top items with
 * the items' own windowed counts. {@code E} is at most {@code 3.5 / maxMapSize} of the events counted
 * in the span (5.5% at the default {@code maxMapSize = 64}: any item with more is tracked), and 0 as
 * long as every covered sub-bucket saw at most {@code 0.75 * maxMapSize} = 48 distinct items and the
 * span at most {@code 0.75 * readMapSize} (see below): the sketch only starts to approximate when its
 * map fills.
 *
 * <p><b>Memory.</b> At most {@code 0.75 * maxMapSize} counters (item string + long) per sub-bucket,
 * and at most {@code k + ceil(lateness / S) + 1} sub-buckets per window (see {@link SubBuckets}). On
 * read, the covered sub-buckets are merged into a temporary sketch of
 * {@code readMapSize = maxMapSize * nextPowerOfTwo(covered)} so that merging adds no error of its own
 * while the window has fewer than {@code 0.75 * readMapSize} distinct retained items.
 *
 * <p><b>Merge</b> is the sketch merge per sub-bucket; bounds keep holding after any sequence of
 * merges, and exact sub-buckets merge exactly.
 *
 * <pre>
 * v1: byte version=1 | varint maxMapSize | varint typeCount | string type* (ascending)
 *     | SubBuckets with state = blob (ItemsSketch image, strings serialized as UTF-8)
 * </pre>
 */
public final class WindowedTopItems implements Aggregate<WindowedTopItems> {
  static final int VERSION = 1;

  /** Default map size: 48 counters per sub-bucket, error at most 5.5% of the window's events. */
  public static final int DEFAULT_MAX_MAP_SIZE = 64;

  /** The event types counted by default. */
  public static final Set<String> DEFAULT_TYPES =
      Set.of(EventTypes.VIEW, EventTypes.CLICK, EventTypes.ADD_TO_CART, EventTypes.PURCHASE);

  private static final ArrayOfStringsSerDe SERDE = new StrictStringsSerDe();
  private static final int MAX_READ_MAP_SIZE = 1 << 16;
  private static final int MAX_TYPES = 10_000;

  private final Set<String> types;
  private final int maxMapSize;
  private final SubBuckets<ItemsSketch<String>> buckets;
  // Built once and reading a field instead of capturing the item: capturing lambdas made every
  // event allocate two objects here (about a tenth of a shard's allocation).
  private String pendingItem;
  private final Supplier<ItemsSketch<String>> newSketch = () -> new ItemsSketch<>(maxMapSize());
  private final Consumer<ItemsSketch<String>> updater = s -> s.update(pendingItem);

  /** Default types, map size 64, 6 sub-buckets per window. */
  public WindowedTopItems(Windows windows) {
    this(windows, DEFAULT_TYPES, DEFAULT_MAX_MAP_SIZE, SubBuckets.DEFAULT_PER_WINDOW);
  }

  /**
   * @param types               event types to count; not empty
   * @param maxMapSize          a power of two, 8..65536: the sketch holds {@code 0.75 * maxMapSize}
   *                            counters and its error is at most {@code 3.5 / maxMapSize} of the events
   * @param subBucketsPerWindow see {@link SubBuckets#SubBuckets(Windows, int)}
   */
  public WindowedTopItems(
      Windows windows, Set<String> types, int maxMapSize, int subBucketsPerWindow) {
    this(
        checkTypes(types),
        checkMapSize(maxMapSize),
        new SubBuckets<>(windows, subBucketsPerWindow));
  }

  private WindowedTopItems(
      Set<String> types, int maxMapSize, SubBuckets<ItemsSketch<String>> buckets) {
    this.types = types;
    this.maxMapSize = maxMapSize;
    this.buckets = buckets;
  }

  private static Set<String> checkTypes(Set<String> types) {
    Objects.requireNonNull(types, "types");
    if (types.isEmpty()) {
      throw new IllegalArgumentException("at least one event type to count is required");
    }
    return Set.copyOf(types);
  }

  private static int checkMapSize(int m) {
    if (m < 8 || m > MAX_READ_MAP_SIZE || Integer.bitCount(m) != 1) {
      throw new IllegalArgumentException(
          "maxMapSize must be a power of two in [8, 65536] but was " + m);
    }
    return m;
  }

  @Override
  public void apply(Event event) {
    String item = event.itemId();
    if (item == null || !types.contains(event.type())) {
      return;
    }
    pendingItem = item;
    buckets.add(event.timestampMillis(), newSketch, updater);
    pendingItem = null;
  }

  /**
   * @throws IllegalArgumentException if {@code other} differs in map size, types or windows
   */
  @Override
  public void merge(WindowedTopItems other) {
    if (other.maxMapSize != maxMapSize || !other.types.equals(types)) {
      throw new IllegalArgumentException(
          "cannot merge top items with map size "
              + other.maxMapSize
              + " and types "
              + new TreeSet<>(other.types)
              + " into map size "
              + maxMapSize
              + " and types "
              + new TreeSet<>(types));
    }
    buckets.merge(other.buckets, this::copy, ItemsSketch::merge);
  }

  private ItemsSketch<String> copy(ItemsSketch<String> s) {
    return new ItemsSketch<String>(maxMapSize).merge(s);
  }

  /**
   * The items this sketch tracks over the sub-buckets that overlap window {@code w} at
   * {@code nowMillis} (a span that contains the window, see {@link Window#startMillis}), each with a
   * guaranteed upper bound of its events in {@code w}, and the bound of every other item: the
   * candidates from which {@link io.mercato.core.trending.TrendingRanker} finds the exact top items.
   * Never a ranking by itself: a sketch's estimate is its upper bound.
   *
   * @throws IllegalArgumentException if {@code w} is not configured
   */
  public TrendingCandidates candidates(Window w, long nowMillis) {
    Collection<ItemsSketch<String>> covered =
        buckets.overlapping(w, w.startMillis(nowMillis), nowMillis);
    if (covered.isEmpty()) {
      return TrendingCandidates.NONE;
    }
    int readSize =
        (int)
            Math.min(
                MAX_READ_MAP_SIZE,
                (long) maxMapSize * Integer.highestOneBit(Math.max(1, covered.size() * 2 - 1)));
    ItemsSketch<String> merged = new ItemsSketch<>(readSize);
    for (ItemsSketch<String> s : covered) {
      merged.merge(s);
    }
    // Every tracked item: its upper bound exceeds the maximum error by its (positive) counter.
    ItemsSketch.Row<String>[] rows = merged.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
    List<ItemsSketch.Row<String>> sorted = new ArrayList<>(List.of(rows));
    sorted.sort(
        Comparator.comparingLong((ItemsSketch.Row<String> r) -> r.getUpperBound())
            .reversed()
            .thenComparing(ItemsSketch.Row::getItem));
    List<String> items = new ArrayList<>(sorted.size());
    long[] upper = new long[sorted.size()];
    for (int i = 0; i < upper.length; i++) {
      items.add(sorted.get(i).getItem());
      upper[i] = sorted.get(i).getUpperBound();
    }
    return new TrendingCandidates(items, upper, merged.getMaximumError());
  }

  public int maxMapSize() {
    return maxMapSize;
  }

  /** Sub-bucket sketches currently held (bounded; see {@link SubBuckets}). */
  public int retainedSketches() {
    return buckets.size();
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION).writeVarLong(maxMapSize);
    Set<String> sorted = new TreeSet<>(types);
    out.writeVarLong(sorted.size());
    sorted.forEach(out::writeString);
    buckets.writeTo(out, (s, w) -> w.writeBlob(s.toByteArray(SERDE)));
  }

  /** Decodes what {@link #writeTo} wrote. */
  public static WindowedTopItems read(BinaryReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown WindowedTopItems version " + version);
    }
    int maxMapSize = in.readLength(MAX_READ_MAP_SIZE);
    if (maxMapSize < 8 || Integer.bitCount(maxMapSize) != 1) {
      throw new CorruptDataException(
          "WindowedTopItems map size " + maxMapSize + " is not a power of two >= 8");
    }
    int nTypes = in.readLength(MAX_TYPES);
    Set<String> types = new TreeSet<>();
    for (int i = 0; i < nTypes; i++) {
      types.add(in.readString());
    }
    if (types.isEmpty()) {
      throw new CorruptDataException("WindowedTopItems has no event types");
    }
    SubBuckets<ItemsSketch<String>> buckets =
        SubBuckets.read(in, r -> heapify(r.readBlob(), maxMapSize));
    return new WindowedTopItems(Set.copyOf(types), maxMapSize, buckets);
  }

  private static ItemsSketch<String> heapify(byte[] image, int maxMapSize) {
    checkImage(image, maxMapSize);
    try {
      return ItemsSketch.getInstance(Memory.wrap(image), SERDE);
    } catch (RuntimeException | AssertionError e) {
      throw Corrupt.wrap("frequent-items sketch", e);
    }
  }

  /**
   * Checks the sizes an ItemsSketch image declares before DataSketches sees it: the library allocates
   * what the header and each string length say before checking them against the image, so one damaged
   * byte would otherwise ask for gigabytes. Layout (little-endian): byte preLongs, serVer, family,
   * lgMaxMapSize, lgCurMapSize, flags; then for preLongs 4: int activeItems at 8, stream length at 16,
   * offset at 24, {@code activeItems} long counts, and {@code activeItems} (int length, UTF-8) strings.
   */
  private static void checkImage(byte[] b, int maxMapSize) {
    if (b.length < 8) {
      throw new CorruptDataException("frequent-items image of " + b.length + " bytes is too short");
    }
    int lgMax = b[3];
    int lgCur = b[4];
    if (lgMax != Integer.numberOfTrailingZeros(maxMapSize) || lgCur < 0 || lgCur > lgMax) {
      throw new CorruptDataException(
          "frequent-items image declares map sizes 2^"
              + lgMax
              + "/2^"
              + lgCur
              + " but the aggregate uses "
              + maxMapSize);
    }
    int preLongs = b[0] & 0x3F;
    if (preLongs == 1) {
      return;
    }
    if (preLongs != 4 || b.length < 32) {
      throw new CorruptDataException("frequent-items image has an invalid preamble");
    }
    long active = leInt(b, 8) & 0xFFFFFFFFL;
    long pos = 32 + active * 8;
    if (active > (3L << lgCur) / 4 || pos > b.length) {
      throw new CorruptDataException(
          "frequent-items image declares " + active + " items it does not hold");
    }
    for (long i = 0; i < active; i++) {
      if (pos + 4 > b.length) {
        throw new CorruptDataException("frequent-items image is truncated in its items");
      }
      long len = leInt(b, (int) pos) & 0xFFFFFFFFL;
      pos += 4 + len;
      if (pos > b.length) {
        throw new CorruptDataException("frequent-items image has an item longer than the image");
      }
    }
  }

  private static int leInt(byte[] b, int at) {
    return (b[at] & 0xFF)
        | (b[at + 1] & 0xFF) << 8
        | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24;
  }
}
