package io.mercato.core.sketch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The sub-buckets of one window ring: states keyed by sub-bucket index, in ascending index order,
 * in two parallel arrays. A ring holds few entries (at most the window's slices plus the lateness),
 * events almost always hit the newest one, and eviction removes from the front: sorted arrays with
 * an append fast path beat a {@code TreeMap} here (no boxing, no entry objects, a fraction of the
 * memory; measured about 2× faster on the per-key sketch update path). Not thread-safe.
 *
 * @param <S> the state type
 */
final class SlotList<S> {
  private static final long[] NO_INDEXES = {};
  private static final Object[] NO_STATES = {};
  private long[] indexes = NO_INDEXES;
  private Object[] states = NO_STATES;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The lowest index; only when not empty. */
  long firstIndex() {
    return indexes[0];
  }

  /** The index at position {@code i} (ascending). */
  long indexAt(int i) {
    return indexes[i];
  }

  /** The state at position {@code i} (ascending). */
  @SuppressWarnings("unchecked")
  S stateAt(int i) {
    return (S) states[i];
  }

  /** The state of {@code index}, or null. */
  S get(long index) {
    int i = find(index);
    return i >= 0 ? stateAt(i) : null;
  }

  /** Sets the state of {@code index}. */
  void put(long index, S state) {
    int i = find(index);
    if (i >= 0) {
      states[i] = state;
      return;
    }
    int at = -i - 1;
    if (size == indexes.length) {
      int cap = Math.max(2, size + (size >> 1) + 1);
      indexes = Arrays.copyOf(indexes, cap);
      states = Arrays.copyOf(states, cap);
    }
    System.arraycopy(indexes, at, indexes, at + 1, size - at);
    System.arraycopy(states, at, states, at + 1, size - at);
    indexes[at] = index;
    states[at] = state;
    size++;
  }

  /** Sets {@code index} to {@code value}, or to {@code combine(existing, value)} if present. */
  void merge(long index, S value, BinaryOperator<S> combine) {
    S existing = get(index);
    put(index, existing == null ? value : combine.apply(existing, value));
  }

  /** Drops every entry with an index below {@code first}. */
  void removeBelow(long first) {
    if (size == 0 || indexes[0] >= first) {
      return; // the usual case: the horizon moved but the oldest slot is still inside it
    }
    int n = lowerBound(first);
    if (n == 0) {
      return;
    }
    System.arraycopy(indexes, n, indexes, 0, size - n);
    System.arraycopy(states, n, states, 0, size - n);
    Arrays.fill(states, size - n, size, null);
    size -= n;
  }

  /** States with index in {@code [from, to]}, ascending. */
  List<S> range(long from, long to) {
    List<S> out = new ArrayList<>();
    for (int i = lowerBound(from); i < size && indexes[i] <= to; i++) {
      out.add(stateAt(i));
    }
    return out;
  }

  /** Position of the first index {@code >= index}. */
  int lowerBound(long index) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (indexes[mid] < index) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Position of {@code index}, or {@code -(insertion point) - 1}; checks the newest slot first. */
  private int find(long index) {
    if (size > 0 && indexes[size - 1] == index) {
      return size - 1;
    }
    if (size == 0 || index > indexes[size - 1]) {
      return -size - 1;
    }
    int i = lowerBound(index);
    return i < size && indexes[i] == index ? i : -i - 1;
  }
}
