package io.mercato.core.profile;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.Arrays;

/**
 * A profile's list of distinct item ids with the newest time each was seen, newest first, capped: the
 * rule and the binary form of both the recent items and the purchased items of {@link UserProfile}.
 * The list is the top {@code cap} of all items by newest time, so with distinct times it does not
 * depend on arrival order or on how the stream was split and merged; equal times are ordered by
 * arrival, latest first (in a merge, the merged-in side counts as later).
 *
 * <p>Static functions over two parallel, exactly sized arrays that the owner keeps in its own fields
 * (items and times): the list costs no object of its own, which the memory per profile goal needs
 * (ARCHITECTURE.md §4.5). A change that must replace the arrays returns them as a transient
 * {@link Lists} for the owner to store.
 */
final class NewestItems {
  static final String[] NO_ITEMS = {};
  static final long[] NO_TIMES = {};

  private NewestItems() {}

  /** Replacement arrays of one list: returned, never stored. */
  record Lists(String[] items, long[] times) {
    static final Lists EMPTY = new Lists(NO_ITEMS, NO_TIMES);
  }

  /**
   * Records that {@code item} was seen at {@code t}: it moves up with a newer time (an older sighting
   * changes nothing); a new item enters at its place, and when the list is full the oldest leaves
   * (an item older than everything kept never enters). O(length).
   *
   * @param interner gives the id string to store for a new item (and the canonical one to find it by)
   * @return null when the arrays were changed in place or not at all; the grown arrays otherwise
   */
  static Lists touch(
      String[] items, long[] times, String item, long t, int cap, Interner interner) {
    int n = items.length;
    String canonical = interner.canonicalOrNull(item);
    int i = canonical != null ? indexOfSame(items, n, canonical) : indexOf(items, n, item);
    if (i >= 0) {
      if (t < times[i]) {
        return null; // an older sighting: the newest time is already kept
      }
      String kept = items[i];
      int p = insertionPoint(times, i, t);
      System.arraycopy(items, p, items, p + 1, i - p);
      System.arraycopy(times, p, times, p + 1, i - p);
      items[p] = kept;
      times[p] = t;
      return null;
    }
    int p = insertionPoint(times, n, t);
    Lists grown = null;
    if (n < cap) {
      items = insertAt(items, p, new String[n + 1]);
      times = insertAt(times, p, new long[n + 1]);
      grown = new Lists(items, times);
    } else if (p < n) {
      // Full: the oldest entry leaves; what is older than everything kept never enters.
      System.arraycopy(items, p, items, p + 1, n - 1 - p);
      System.arraycopy(times, p, times, p + 1, n - 1 - p);
    } else {
      return null;
    }
    items[p] = canonical != null ? canonical : interner.intern(item);
    times[p] = t;
    return grown;
  }

  /**
   * Merges another list into one: each item once with its newest time, newest first, at most
   * {@code cap}; on equal times the other side's entry goes first.
   *
   * @param interner gives the id strings taken from the other side
   * @return null when the other list is empty (nothing changes); the merged arrays otherwise
   */
  static Lists merge(
      String[] mine,
      long[] myTimes,
      String[] theirs,
      long[] theirTimes,
      int cap,
      Interner interner) {
    int a = mine.length;
    int b = theirs.length;
    if (b == 0) {
      return null;
    }
    String[] items = new String[Math.min(cap, a + b)];
    long[] times = new long[items.length];
    int i = 0;
    int j = 0;
    int k = 0;
    // Both lists are sorted by time descending; walking them together yields each item first with
    // its newest time, so later duplicates are skipped. On equal times the merged-in side goes
    // first.
    while (k < items.length && (i < a || j < b)) {
      boolean fromOther = j < b && (i == a || theirTimes[j] >= myTimes[i]);
      String item = fromOther ? theirs[j] : mine[i];
      long t = fromOther ? theirTimes[j++] : myTimes[i++];
      if (indexOf(items, k, item) < 0) {
        items[k] = fromOther ? interner.intern(item) : item;
        times[k++] = t;
      }
    }
    return new Lists(
        k == 0 ? NO_ITEMS : k == items.length ? items : Arrays.copyOf(items, k),
        k == 0 ? NO_TIMES : k == times.length ? times : Arrays.copyOf(times, k));
  }

  /** First index in {@code [0, end)} whose time is at most {@code t} (times descending). */
  static int insertionPoint(long[] times, int end, long t) {
    int lo = 0;
    int hi = end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] > t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The index of {@code s} in {@code a[0, end)}, or -1. */
  static int indexOf(String[] a, int end, String s) {
    for (int i = 0; i < end; i++) {
      if (a[i] == s || a[i].equals(s)) {
        return i;
      }
    }
    return -1;
  }

  /** Like {@link #indexOf} for a canonical id (see {@link Interner#canonicalOrNull}): reads no string. */
  private static int indexOfSame(String[] a, int end, String s) {
    for (int i = 0; i < end; i++) {
      if (a[i] == s) {
        return i;
      }
    }
    return -1;
  }

  private static String[] insertAt(String[] a, int at, String[] into) {
    System.arraycopy(a, 0, into, 0, at);
    System.arraycopy(a, at, into, at + 1, a.length - at);
    return into;
  }

  private static long[] insertAt(long[] a, int at, long[] into) {
    System.arraycopy(a, 0, into, 0, at);
    System.arraycopy(a, at, into, at + 1, a.length - at);
    return into;
  }

  // ----------------------------------------------------------------------------------- binary form

  /**
   * {@code varint n | (string item | varint previousTime - time)*}, newest first, the previous time
   * starting at {@code lastSeen} (so every delta is small and non-negative).
   */
  static void write(BinaryWriter out, String[] items, long[] times, long lastSeen) {
    out.writeVarLong(items.length);
    long previous = lastSeen;
    for (int i = 0; i < items.length; i++) {
      out.writeString(items[i]).writeVarLong(previous - times[i]);
      previous = times[i];
    }
  }

  /**
   * Reads what {@link #write} wrote, keeping the first {@code cap} (a list written under a larger cap
   * loses its oldest); times must stay within {@code [firstSeen, lastSeen]}.
   *
   * @param what names the list in errors ("recent item")
   * @throws CorruptDataException on a time out of range, or an id listed twice (except ids an old
   *                              writer merged into one {@code ?} id: the newest stands for them)
   */
  static Lists read(
      BinaryReader in, int cap, long firstSeen, long lastSeen, Interner interner, String what) {
    int n = in.readLength(ProfileConfig.MAX_CAP);
    int keep = Math.min(n, cap);
    String[] items = new String[keep];
    long[] times = new long[keep];
    int kept = 0;
    long previous = lastSeen;
    for (int i = 0; i < n; i++) {
      String item = in.readString();
      long delta = in.readVarLong();
      if (delta < 0 || delta > previous - firstSeen) {
        throw new CorruptDataException(
            "UserProfile " + what + " time out of range for \"" + item + "\"");
      }
      previous -= delta;
      if (i < keep) {
        if (indexOf(items, kept, item) >= 0) {
          if (item.indexOf('?') < 0) {
            throw new CorruptDataException(
                "UserProfile " + what + " \"" + item + "\" listed twice");
          }
          continue; // ids an old writer merged into one ("?"): the newest occurrence stands for
          // them
        }
        items[kept] = interner.intern(item);
        times[kept++] = previous;
      }
    }
    if (kept == 0) {
      return Lists.EMPTY;
    }
    return kept < keep
        ? new Lists(Arrays.copyOf(items, kept), Arrays.copyOf(times, kept))
        : new Lists(items, times);
  }
}
