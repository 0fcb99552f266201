package io.mercato.core.experiment.assign;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which exposures of one experiment to record: the first of each user in each arm (or the
 * holdout group), so the exposure stream holds one event per user per arm however often the arm is
 * served. The runtime records an exposure event when {@link #firstExposure} returns true.
 *
 * <p>Compact: a (arm, user) pair is kept as a 64-bit {@link StableHash} fingerprint in a primitive
 * open-addressing set, about 16–24 bytes per pair (1 M exposed users ≈ 20 MB) instead of two strings.
 * Two distinct pairs collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million pairs); a collision
 * would leave one exposure unrecorded. The set is bounded by {@code capacity}: once full, pairs not
 * yet seen are still reported as first exposures (never lost) but no longer remembered, so the
 * exposure stream may then hold repeats, which the analysis collapses per user anyway;
 * {@link #saturated()} says so.
 *
 * <p>Thread-safe: sixteen independently locked stripes chosen by the fingerprint. Mergeable (a union,
 * order-insensitive) and serialisable ({@link #toBytes}, format version {@value #VERSION}, pinned by a
 * test).
 */
public final class ExposureLog {
  static final int VERSION = 1;
  private static final int STRIPES = 16;

  private final int capacity;
  private final LongOpenHashSet[] stripes = new LongOpenHashSet[STRIPES];
  private final AtomicLong size = new AtomicLong();
  private volatile boolean saturated;

  /** @param capacity the most pairs remembered, at least 1 */
  public ExposureLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "exposure log capacity must be at least 1 but was " + capacity);
    }
    this.capacity = capacity;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new LongOpenHashSet();
    }
  }

  /** The fingerprint of {@code userId} exposed to {@code arm} (an arm name or {@code holdout}). */
  public static long fingerprint(String arm, String userId) {
    return StableHash.hash64(arm, userId);
  }

  /**
   * True when this is the first exposure of {@code userId} to {@code arm} that this log has seen (or
   * the log is full and cannot tell): record the exposure event. False for a repeat.
   */
  public boolean firstExposure(String arm, String userId) {
    return add(fingerprint(arm, userId));
  }

  private boolean add(long fp) {
    LongOpenHashSet s = stripes[(int) (fp >>> 60)];
    synchronized (s) {
      if (s.contains(fp)) {
        return false;
      }
      // Reserve a slot atomically: stripes are locked apart, so a plain check-then-add could
      // overshoot.
      if (size.getAndUpdate(n -> n < capacity ? n + 1 : n) >= capacity) {
        saturated = true;
        return true;
      }
      s.add(fp);
      return true;
    }
  }

  /** Pairs remembered. */
  public long size() {
    return size.get();
  }

  public int capacity() {
    return capacity;
  }

  /** True once a pair was reported without being remembered: repeats may follow. */
  public boolean saturated() {
    return saturated;
  }

  /** Adds every pair {@code other} remembers (up to capacity); order of merges does not matter. */
  public void merge(ExposureLog other) {
    for (long fp : other.sortedFingerprints()) {
      add(fp);
    }
    if (other.saturated) {
      saturated = true;
    }
  }

  private long[] sortedFingerprints() {
    long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, size.get() + STRIPES)];
    int n = 0;
    for (LongOpenHashSet s : stripes) {
      synchronized (s) {
        if (n + s.size() > all.length) {
          all = Arrays.copyOf(all, n + s.size());
        }
        for (long fp : s) {
          all[n++] = fp;
        }
      }
    }
    long[] out = Arrays.copyOf(all, n);
    Arrays.sort(out);
    return out;
  }

  /**
   * The log as bytes: version {@value #VERSION}, the saturated flag, the count, then the fingerprints
   * ascending as 8-byte big-endian values. The same pairs always give the same bytes.
   */
  public byte[] toBytes() {
    long[] fps = sortedFingerprints();
    BinaryWriter w = new BinaryWriter(16 + fps.length * 8);
    w.writeByte(VERSION).writeBoolean(saturated).writeVarLong(fps.length);
    for (long fp : fps) {
      w.writeLong(fp);
    }
    return w.toByteArray();
  }

  /**
   * A log of {@code capacity} holding what {@code bytes} held.
   *
   * @throws CorruptDataException when the bytes are not a log of a known version, or hold more pairs
   *                              than {@code capacity} (nothing would be remembered beyond it)
   */
  public static ExposureLog fromBytes(byte[] bytes, int capacity) {
    BinaryReader r = new BinaryReader(bytes);
    int version = r.readByte();
    if (version != VERSION) {
      throw new CorruptDataException(
          "exposure log format version " + version + " is not " + VERSION);
    }
    ExposureLog log = new ExposureLog(capacity);
    boolean saturated = r.readBoolean();
    int n = r.readLength(Math.min(capacity, r.remaining() / 8));
    for (int i = 0; i < n; i++) {
      log.add(r.readLong());
    }
    r.expectEnd();
    log.saturated = saturated;
    return log;
  }
}
