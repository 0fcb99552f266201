package io.mercato.core.sampling;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.sketch.SubBuckets;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A uniform random sample of recent events per sliding event-time window, for inspection
 * ({@code GET /v1/events/sample?n=100&window=10m&type=}). Each window is cut into sub-buckets
 * ({@link SubBuckets}, 6 per window by default) and each sub-bucket keeps a reservoir of at most
 * {@code capacity} events (Algorithm R) plus exact counts of the events it saw, in total and per type.
 *
 * <p><b>Uniformity.</b> {@link #sample} draws without replacement across the covered sub-buckets,
 * choosing a sub-bucket with probability proportional to its remaining seen-count and then a random
 * remaining event of its reservoir; because each reservoir is a uniform sample of its sub-bucket,
 * every event of the window has the same chance {@code n / N} to be returned, as long as no
 * sub-bucket is asked for more events than it retained: guaranteed for {@code n <= capacity} without a
 * type filter. With a type filter the events of that type in a reservoir are a uniform sample of that
 * type's events in the sub-bucket, so the same holds while {@code n} does not exceed what each
 * sub-bucket retained of the type; rarer types return what is retained. Windows are answered at
 * sub-bucket granularity (see {@link SubBuckets}).
 *
 * <p><b>Memory.</b> At most {@code capacity} events per sub-bucket and
 * {@code k + ceil(lateness / S) + 1} sub-buckets per window: with the default windows, 10 min of
 * lateness and 6 sub-buckets that is at most 104 × capacity event references (the same event object is
 * shared by the windows in memory, but serialized once per window), plus one counter per event type
 * per sub-bucket. Eviction follows the newest event time, never the clock.
 *
 * <p><b>Randomness</b> comes from the {@link RandomGenerator} passed in, used for ingestion, merges and
 * reads alike: with the same seed, the same events in the same order and the same calls, every result
 * is reproducible. Merge combines reservoirs of the same sub-bucket by a hypergeometric draw, so the
 * merged reservoir is again uniform over the union; unlike the sketches, the sample itself depends on
 * the order of events and merges (its distribution does not).
 *
 * <pre>
 * v1: byte version=1 | varint capacity | SubBuckets with state =
 *     varint seen | varint typeCount | (string type | varint n)* | varint size | EventCodec event*
 * </pre>
 */
public final class EventReservoir implements Aggregate<EventReservoir> {
  static final int VERSION = 1;

  /** Upper bound on the per-sub-bucket capacity, to keep a key's memory bounded. */
  public static final int MAX_CAPACITY = 100_000;

  private final int capacity;
  private final RandomGenerator random;
  private final SubBuckets<Reservoir> buckets;
  // Built once and reading a field instead of capturing the event: no allocation per event.
  private Event pendingEvent;
  private final Supplier<Reservoir> newReservoir;
  private final Consumer<Reservoir> offer;

  /** Reservoirs of {@code capacity} events per sub-bucket, 6 sub-buckets per window. */
  public EventReservoir(Windows windows, int capacity, RandomGenerator random) {
    this(windows, capacity, SubBuckets.DEFAULT_PER_WINDOW, random);
  }

  /**
   * @param capacity            events kept per sub-bucket, 1..{@link #MAX_CAPACITY}
   * @param subBucketsPerWindow see {@link SubBuckets#SubBuckets(Windows, int)}
   * @param random              the source of all randomness (seed it for reproducible samples)
   */
  public EventReservoir(
      Windows windows, int capacity, int subBucketsPerWindow, RandomGenerator random) {
    this(checkCapacity(capacity), new SubBuckets<>(windows, subBucketsPerWindow), random);
  }

  private EventReservoir(int capacity, SubBuckets<Reservoir> buckets, RandomGenerator random) {
    this.capacity = capacity;
    this.buckets = buckets;
    this.random = Objects.requireNonNull(random, "random");
    this.newReservoir = () -> new Reservoir(capacity);
    this.offer = r -> r.offer(pendingEvent, random);
  }

  private static int checkCapacity(int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "reservoir capacity must be in [1, " + MAX_CAPACITY + "] but was " + capacity);
    }
    return capacity;
  }

  @Override
  public void apply(Event event) {
    pendingEvent = event;
    buckets.add(event.timestampMillis(), newReservoir, offer);
    pendingEvent = null;
  }

  /**
   * @throws IllegalArgumentException if {@code other} differs in capacity or windows
   */
  @Override
  public void merge(EventReservoir other) {
    if (other.capacity != capacity) {
      throw new IllegalArgumentException(
          "cannot merge a reservoir of capacity "
              + other.capacity
              + " into one of capacity "
              + capacity);
    }
    buckets.merge(other.buckets, Reservoir::copy, (mine, theirs) -> mine.mergeFrom(theirs, random));
  }

  /**
   * Up to {@code n} events drawn uniformly without replacement from the events of {@code w} at
   * {@code nowMillis} (of type {@code typeOrNull}, or all types when null), newest first (ties by
   * event id). Fewer are returned when fewer are retained.
   *
   * @throws IllegalArgumentException if {@code n < 0} or {@code w} is not configured
   */
  public List<Event> sample(Window w, long nowMillis, int n, String typeOrNull) {
    if (n < 0) {
      throw new IllegalArgumentException("sample size must not be negative but was " + n);
    }
    List<List<Event>> pools = new ArrayList<>();
    List<long[]> populations = new ArrayList<>();
    for (Reservoir r : buckets.covered(w, nowMillis)) {
      List<Event> pool = new ArrayList<>();
      for (Event e : r.items) {
        if (typeOrNull == null || typeOrNull.equals(e.type())) {
          pool.add(e);
        }
      }
      if (!pool.isEmpty()) {
        pools.add(pool);
        populations.add(new long[] {r.seen(typeOrNull)});
      }
    }
    List<Event> out = new ArrayList<>();
    while (out.size() < n && !pools.isEmpty()) {
      long total = 0;
      for (long[] p : populations) {
        total += p[0];
      }
      long pick = random.nextLong(total);
      int i = 0;
      while (pick >= populations.get(i)[0]) {
        pick -= populations.get(i)[0];
        i++;
      }
      List<Event> pool = pools.get(i);
      out.add(pool.remove(random.nextInt(pool.size())));
      populations.get(i)[0]--;
      // A pool runs dry when the sub-bucket had no more retained events; drop it (see class doc).
      if (pool.isEmpty() || populations.get(i)[0] == 0) {
        pools.remove(i);
        populations.remove(i);
      }
    }
    out.sort(
        Comparator.comparingLong(Event::timestampMillis).reversed().thenComparing(Event::eventId));
    return out;
  }

  public int capacity() {
    return capacity;
  }

  /** Events currently held over all windows and sub-buckets (at most capacity per sub-bucket). */
  public int retainedEvents() {
    int n = 0;
    for (Reservoir r : buckets.states()) {
      n += r.items.size();
    }
    return n;
  }

  /** Sub-bucket reservoirs currently held. */
  public int retainedReservoirs() {
    return buckets.size();
  }

  /** The largest number of events any one sub-bucket reservoir holds (never above capacity). */
  public int largestReservoir() {
    int max = 0;
    for (Reservoir r : buckets.states()) {
      max = Math.max(max, r.items.size());
    }
    return max;
  }

  @Override
  public void writeTo(BinaryWriter out) {
    out.writeByte(VERSION).writeVarLong(capacity);
    buckets.writeTo(out, (r, w) -> r.writeTo(w));
  }

  /**
   * Decodes what {@link #writeTo} wrote. The random generator's state is not part of the format;
   * {@code random} continues from wherever the caller seeded it.
   */
  public static EventReservoir read(BinaryReader in, RandomGenerator random) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown EventReservoir version " + version);
    }
    int capacity = in.readLength(MAX_CAPACITY);
    if (capacity < 1) {
      throw new CorruptDataException("EventReservoir capacity must be at least 1");
    }
    SubBuckets<Reservoir> buckets = SubBuckets.read(in, r -> Reservoir.read(r, capacity));
    return new EventReservoir(capacity, buckets, random);
  }
}
