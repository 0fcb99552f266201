package io.mercato.core.reco;

import java.util.Arrays;

/**
 * One user's interaction history: distinct items, most recent interaction first, each with its summed
 * weight and the strongest event type seen (the type with the highest weight, for explanations).
 *
 * <p>Threading: one writer ({@link RecoState#apply}) mutates; readers call the synchronized read
 * methods. The writer also synchronizes its mutations, so a reader never sees a half-moved array.
 * Arrays grow by doubling up to the cap, so a user with three items holds four slots, not a hundred.
 */
final class UserNode {
  private static final int[] NO_INTS = new int[0];
  private static final float[] NO_FLOATS = new float[0];
  private static final byte[] NO_BYTES = new byte[0];

  final int index;
  final String id;
  volatile long lastMillis = Long.MIN_VALUE;
  volatile boolean removed;

  private int[] items = NO_INTS;
  private float[] weights = NO_FLOATS;
  private byte[] kinds = NO_BYTES;
  private int size;
  private double normSq;

  UserNode(int index, String id) {
    this.index = index;
    this.id = id;
  }

  /**
   * Records an interaction with {@code item}: it moves to the front, its weight grows by {@code w}.
   * A new item is inserted at the front and, when the history is full, the oldest item is dropped.
   *
   * @param kindWeights the weight of each type code, to keep the strongest type
   * @param partners receives, when the item is new to the history, up to {@code partners.length}
   *                 previous items (most recent first), the item-CF co-occurrence partners
   * @param evicted  receives in {@code evicted[0]} the item dropped to make room, or -1 when none was
   *                 (the caller must take the user out of that item's user ring)
   * @return the number of partners written, or -1 when the item was already in the history
   */
  synchronized int touch(
      int item, float w, int kind, float[] kindWeights, int cap, int[] partners, int[] evicted) {
    evicted[0] = -1;
    int pos = indexOf(item);
    if (pos >= 0) {
      float old = weights[pos];
      float now = old + w;
      normSq += (double) now * now - (double) old * old;
      byte k = kinds[pos];
      System.arraycopy(items, 0, items, 1, pos);
      System.arraycopy(weights, 0, weights, 1, pos);
      System.arraycopy(kinds, 0, kinds, 1, pos);
      items[0] = item;
      weights[0] = now;
      kinds[0] = kindWeights[kind] > kindWeights[k] ? (byte) kind : k;
      return -1;
    }
    int n = Math.min(size, partners.length);
    System.arraycopy(items, 0, partners, 0, n);
    if (size == cap) {
      evicted[0] = items[size - 1];
      float dropped = weights[size - 1];
      normSq -= (double) dropped * dropped;
      size--;
    } else if (size == items.length) {
      int grown = Math.min(cap, Math.max(4, items.length * 2));
      items = Arrays.copyOf(items, grown);
      weights = Arrays.copyOf(weights, grown);
      kinds = Arrays.copyOf(kinds, grown);
    }
    System.arraycopy(items, 0, items, 1, size);
    System.arraycopy(weights, 0, weights, 1, size);
    System.arraycopy(kinds, 0, kinds, 1, size);
    items[0] = item;
    weights[0] = w;
    kinds[0] = (byte) kind;
    size++;
    normSq += (double) w * w;
    return n;
  }

  private int indexOf(int item) {
    for (int i = 0; i < size; i++) {
      if (items[i] == item) {
        return i;
      }
    }
    return -1;
  }

  /** Distinct items in the history. */
  synchronized int size() {
    return size;
  }

  /** Euclidean norm of the weight vector. */
  synchronized double norm() {
    return Math.sqrt(Math.max(0, normSq));
  }

  /** A consistent copy of the history, most recent first. */
  synchronized History copy() {
    return new History(
        Arrays.copyOf(items, size),
        Arrays.copyOf(weights, size),
        Arrays.copyOf(kinds, size),
        Math.sqrt(Math.max(0, normSq)));
  }

  /** Weight of {@code item} in the history, 0 when absent. */
  synchronized float weightOf(int item) {
    int pos = indexOf(item);
    return pos < 0 ? 0f : weights[pos];
  }

  /** Restores a history read from a snapshot (writer only, before readers exist). */
  synchronized void restore(int[] its, float[] ws, byte[] ks) {
    items = its;
    weights = ws;
    kinds = ks;
    size = its.length;
    double n = 0;
    for (float w : ws) {
      n += (double) w * w;
    }
    normSq = n;
  }

  /**
   * An immutable copy of a history.
   *
   * @param items   item indexes, most recent first
   * @param weights summed weights, parallel to {@code items}
   * @param kinds   strongest interaction type codes, parallel to {@code items}
   * @param norm    the Euclidean norm of {@code weights}
   */
  record History(int[] items, float[] weights, byte[] kinds, double norm) {
    int size() {
      return items.length;
    }
  }
}
