package io.mercato.core.sketch;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Per-window rings of sub-bucket states, the windowing shared by the sketch aggregates and the event
 * reservoir. Each configured {@link Window} is cut into {@code k} sub-buckets of width
 * {@code S = length / k}, a multiple of the window's bucket width (see {@link #subBucketMillis}); each
 * sub-bucket holds one state {@code S} (a sketch, a reservoir) for the events whose time falls in it.
 * A query unions the states of the sub-buckets the window covers.
 *
 * <p><b>Window semantics.</b> A window is answered at sub-bucket granularity: at reference time
 * {@code now} it covers the {@code k} sub-buckets ending with the one containing {@code now}, i.e. the
 * event times {@code new Window(name, length, S).covers(t, now)} accepts. Its effective span is
 * therefore between {@code length - S} and {@code length} (with {@code k = 6}: 50 s–1 min for
 * {@code 1m}, 500 s–10 min for {@code 10m}, 20 h–24 h for {@code 24h}, 140 h–168 h for {@code 7d}).
 * Choosing {@code k = window.buckets()} reproduces the {@link Window} semantics exactly, at
 * {@code buckets/6} times the memory. Six sub-buckets are the default because the states here are
 * kilobytes each for hot keys, unlike the counters {@link Window}'s buckets were sized for.
 *
 * <p><b>Retention and memory.</b> Like {@link Windows}, eviction is driven by the newest event time
 * seen ({@link #newestMillis()}), never the wall clock: a ring keeps sub-bucket {@code i} (covering
 * {@code [i*S, (i+1)*S)}) while {@code (i+1)*S > newest - length - lateness}, and an event whose
 * sub-bucket is not kept is ignored by that ring. So a query at any {@code now >= newest - lateness}
 * finds every sub-bucket it needs, and the state is the same whatever the arrival order or
 * partitioning (what lets the two runtimes agree). A ring holds at most
 * {@code k + ceil(lateness / S) + 1} sub-buckets; with the default windows, 10 min of lateness and
 * {@code k = 6} that is at most 67 + 13 + 8 + 8 + 8 = 104 states per key, most of them absent for
 * quiet keys (sub-buckets are created on the first event).
 *
 * <p>Not thread-safe, like every aggregate.
 *
 * @param <S> the per-sub-bucket state
 */
public final class SubBuckets<S> {
  /** Sub-buckets per window unless configured otherwise. */
  public static final int DEFAULT_PER_WINDOW = 6;

  /** Decoding bound: more windows than this in a snapshot means the data is damaged. */
  private static final int MAX_WINDOWS = 64;

  private static final int MAX_SUB_BUCKETS = 1_000_000;

  private final Windows windows;
  private final int perWindow;
  private final List<Ring<S>> rings;
  private long newest = Long.MIN_VALUE;

  /**
   * @param windows   the windows to answer and their allowed lateness
   * @param perWindow the number {@code k >= 1} of sub-buckets a window is cut into (rounded up to the
   *                  next divisor of the window's bucket count, capped at that count)
   */
  public SubBuckets(Windows windows, int perWindow) {
    this(windows, perWindow, null);
  }

  private SubBuckets(Windows windows, int perWindow, long[] subMillis) {
    if (perWindow < 1) {
      throw new IllegalArgumentException(
          "sub-buckets per window must be at least 1 but was " + perWindow);
    }
    this.windows = windows;
    this.perWindow = perWindow;
    List<Ring<S>> list = new ArrayList<>();
    List<Window> all = windows.all();
    for (int i = 0; i < all.size(); i++) {
      Window w = all.get(i);
      long s = subMillis == null ? subBucketMillis(w, perWindow) : subMillis[i];
      list.add(new Ring<>(w, new Window(w.name(), w.lengthMillis(), s), windows.latenessMillis()));
    }
    this.rings = List.copyOf(list);
  }

  /**
   * The sub-bucket width used for {@code w}: {@code w.lengthMillis() / k'} where {@code k'} is the
   * smallest divisor of {@code w.buckets()} that is at least {@code min(perWindow, w.buckets())}, so
   * sub-buckets are whole buckets and tile the window exactly. For the default windows and
   * {@code perWindow = 6}: 10 s, 100 s, 10 min, 4 h and 28 h.
   */
  public static long subBucketMillis(Window w, int perWindow) {
    int b = w.buckets();
    int k = Math.min(perWindow, b);
    while (b % k != 0) {
      k++;
    }
    return w.lengthMillis() / k;
  }

  public Windows windows() {
    return windows;
  }

  public int perWindow() {
    return perWindow;
  }

  /** The newest event time seen, or {@link Long#MIN_VALUE} before the first event. */
  public long newestMillis() {
    return newest;
  }

  /** The number of sub-bucket states currently held, over all windows (for memory metrics). */
  public int size() {
    int n = 0;
    for (Ring<S> r : rings) {
      n += r.buckets.size();
    }
    return n;
  }

  /** All states currently held, in window order then time order (for sizing and tests). */
  public List<S> states() {
    List<S> out = new ArrayList<>();
    for (Ring<S> r : rings) {
      for (int i = 0; i < r.buckets.size(); i++) {
        out.add(r.buckets.stateAt(i));
      }
    }
    return out;
  }

  /**
   * Records an event at {@code timeMillis}: advances the newest time, evicts, then passes the state of
   * the event's sub-bucket in every ring that retains it to {@code update}, creating it with
   * {@code factory} first if absent.
   *
   * @return true if at least one ring took the event (false: too late for every window)
   */
  public boolean add(long timeMillis, Supplier<S> factory, Consumer<S> update) {
    if (timeMillis > newest) {
      newest = timeMillis;
      evict();
    }
    boolean taken = false;
    for (Ring<S> r : rings) {
      long idx = r.sub.bucketIndex(timeMillis);
      if (idx >= r.evictedBelow) {
        // Most events land in the newest sub-bucket: remember it and skip the tree on the hot path.
        S state;
        if (idx == r.lastIndex && r.lastState != null) {
          state = r.lastState;
        } else {
          state = r.buckets.get(idx);
          if (state == null) {
            state = factory.get();
            r.buckets.put(idx, state);
          }
          if (idx >= r.lastIndex || r.lastState == null) {
            r.lastIndex = idx;
            r.lastState = state;
          }
        }
        update.accept(state);
        taken = true;
      }
    }
    return taken;
  }

  /**
   * Folds {@code other} into this: per ring and sub-bucket, {@code combine(mine, copyOfTheirs)} (or a
   * copy of theirs where this has none); then evicts against the newer of the two newest times.
   * {@code combine} may return its first argument updated in place or a new state.
   *
   * @throws IllegalArgumentException if the two were built with different windows, lateness or
   *                                  sub-bucket widths
   */
  public void merge(SubBuckets<S> other, UnaryOperator<S> copy, BinaryOperator<S> combine) {
    requireSameShape(other);
    newest = Math.max(newest, other.newest);
    for (int i = 0; i < rings.size(); i++) {
      Ring<S> mine = rings.get(i);
      long first = mine.firstRetained(newest);
      SlotList<S> theirs = other.rings.get(i).buckets;
      for (int j = theirs.lowerBound(first); j < theirs.size(); j++) {
        mine.buckets.merge(theirs.indexAt(j), copy.apply(theirs.stateAt(j)), combine);
      }
      mine.lastState = null; // combine may have replaced the cached state
      mine.evictedBelow = Long.MIN_VALUE;
    }
    evict();
  }

  /**
   * The states of the sub-buckets {@code w} covers at {@code nowMillis}, oldest first (absent
   * sub-buckets are skipped). Read-only: does not evict, so it may be called with any {@code now};
   * answers for {@code now < newestMillis() - lateness} may miss evicted sub-buckets.
   *
   * @throws IllegalArgumentException if {@code w} is not one of the configured windows
   */
  public Collection<S> covered(Window w, long nowMillis) {
    Ring<S> r = ring(w);
    long last = r.sub.bucketIndex(nowMillis);
    return r.buckets.range(r.sub.firstBucket(nowMillis), last);
  }

  /**
   * The states of {@code w}'s sub-buckets that overlap {@code [fromMillis, toMillis]}, oldest first
   * (absent sub-buckets are skipped): a span at sub-bucket granularity that contains the given one.
   * Read-only like {@link #covered}; complete for {@code fromMillis ≥ newestMillis() - w's length -
   * lateness}, the span a query at any {@code now ≥ newestMillis() - lateness} asks for.
   *
   * @throws IllegalArgumentException if {@code w} is not one of the configured windows, or
   *                                  {@code fromMillis > toMillis}
   */
  public Collection<S> overlapping(Window w, long fromMillis, long toMillis) {
    if (fromMillis > toMillis) {
      throw new IllegalArgumentException(
          "span starts at " + fromMillis + " after its end " + toMillis);
    }
    Ring<S> r = ring(w);
    return r.buckets.range(r.sub.bucketIndex(fromMillis), r.sub.bucketIndex(toMillis));
  }

  /** The sub-bucket width used for the configured window {@code w}. */
  public long subBucketMillis(Window w) {
    return ring(w).sub.bucketMillis();
  }

  private Ring<S> ring(Window w) {
    for (Ring<S> r : rings) {
      if (r.window.equals(w)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "window " + w + " is not tracked here; tracked: " + windows.names());
  }

  private void evict() {
    for (Ring<S> r : rings) {
      long first = r.firstRetained(newest);
      // The horizon moves once per sub-bucket width, not per event: only then is there work.
      if (first != r.evictedBelow) {
        // Usually nothing is old enough yet: check the oldest key before building a sub-map view.
        r.buckets.removeBelow(first);
        r.evictedBelow = first;
        if (r.lastIndex < first) {
          r.lastState = null;
        }
      }
    }
  }

  private void requireSameShape(SubBuckets<S> other) {
    boolean same =
        windows.all().equals(other.windows.all())
            && windows.latenessMillis() == other.windows.latenessMillis();
    for (int i = 0; same && i < rings.size(); i++) {
      same = rings.get(i).sub.equals(other.rings.get(i).sub);
    }
    if (!same) {
      throw new IllegalArgumentException(
          "cannot merge aggregates with different windows: "
              + describe()
              + " vs "
              + other.describe());
    }
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (Ring<S> r : rings) {
      sb.append(r.window.name()).append('/').append(r.sub.bucketMillis()).append("ms ");
    }
    return sb.append("lateness ").append(windows.latenessMillis()).append("ms").toString();
  }

  /**
   * Appends the binary form; {@code writer} writes one state.
   *
   * <pre>
   * varint lateness ms | varint perWindow | byte hasNewest | [long newest] | varint windowCount
   *   | (string name | varint subBucketMillis | varint n | (long index | state)*)*
   * </pre>
   * Windows in ascending length, sub-buckets in ascending index.
   */
  public void writeTo(BinaryWriter out, BiConsumer<S, BinaryWriter> writer) {
    out.writeVarLong(windows.latenessMillis()).writeVarLong(perWindow);
    out.writeBoolean(newest != Long.MIN_VALUE);
    if (newest != Long.MIN_VALUE) {
      out.writeLong(newest);
    }
    out.writeVarLong(rings.size());
    for (Ring<S> r : rings) {
      out.writeString(r.window.name())
          .writeVarLong(r.sub.bucketMillis())
          .writeVarLong(r.buckets.size());
      for (int j = 0; j < r.buckets.size(); j++) {
        out.writeLong(r.buckets.indexAt(j));
        writer.accept(r.buckets.stateAt(j), out);
      }
    }
  }

  /** Decodes what {@link #writeTo} wrote; {@code reader} reads one state. */
  public static <S> SubBuckets<S> read(BinaryReader in, Function<BinaryReader, S> reader) {
    long lateness = in.readVarLong();
    int perWindow = in.readLength(MAX_SUB_BUCKETS);
    long newest = in.readBoolean() ? in.readLong() : Long.MIN_VALUE;
    int n = in.readLength(MAX_WINDOWS);
    List<String> names = new ArrayList<>(n);
    long[] subMillis = new long[n];
    List<TreeMap<Long, S>> states = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(in.readString());
      subMillis[i] = in.readVarLong();
      int count = in.readLength(MAX_SUB_BUCKETS);
      TreeMap<Long, S> m = new TreeMap<>();
      for (int j = 0; j < count; j++) {
        long idx = in.readLong();
        m.put(idx, reader.apply(in));
      }
      states.add(m);
    }
    SubBuckets<S> b;
    try {
      Windows windows = new Windows(names, Duration.ofMillis(lateness));
      b = new SubBuckets<>(windows, Math.max(1, perWindow), subMillis);
    } catch (RuntimeException e) {
      // The window list or a width came back invalid (unknown unit, duplicate, non-divisor width).
      throw Corrupt.wrap("window configuration", e);
    }
    if (!b.windows.names().equals(names)) {
      throw new CorruptDataException("windows are not in ascending length: " + names);
    }
    b.newest = newest;
    for (int i = 0; i < n; i++) {
      for (Map.Entry<Long, S> e : states.get(i).entrySet()) {
        b.rings.get(i).buckets.put(e.getKey(), e.getValue());
      }
      b.rings.get(i).evictedBelow = b.rings.get(i).firstRetained(newest);
    }
    return b;
  }

  /** One window's ring. The map is sparse: only sub-buckets that saw an event exist. */
  private static final class Ring<S> {
    final Window window;
    final Window sub;
    final long retentionMillis;
    final SlotList<S> buckets = new SlotList<>();

    /** Sub-buckets below this index have been evicted (the last horizon {@code evict} applied). */
    long evictedBelow = Long.MIN_VALUE;

    /** Cache of the newest sub-bucket's state; null when unknown. */
    long lastIndex = Long.MIN_VALUE;

    S lastState;

    Ring(Window window, Window sub, long latenessMillis) {
      if (sub.bucketMillis() % window.bucketMillis() != 0) {
        throw new IllegalArgumentException(
            "sub-bucket width "
                + sub.bucketMillis()
                + " ms of window "
                + window.name()
                + " is not a multiple of its bucket width "
                + window.bucketMillis()
                + " ms");
      }
      this.window = window;
      this.sub = sub;
      this.retentionMillis = window.lengthMillis() + latenessMillis;
    }

    /** Smallest retained sub-bucket index: the first whose end lies after newest - retention. */
    long firstRetained(long newest) {
      if (newest == Long.MIN_VALUE) {
        return Long.MIN_VALUE;
      }
      // Saturate instead of overflowing for event times near Long.MIN_VALUE.
      long horizon = newest - retentionMillis > newest ? Long.MIN_VALUE : newest - retentionMillis;
      return Math.floorDiv(horizon, sub.bucketMillis());
    }
  }
}
