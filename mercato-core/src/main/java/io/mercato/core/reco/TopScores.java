package io.mercato.core.reco;

import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The {@code capacity} highest-scoring items of one scope (global or a category), for popularity.
 *
 * <p>Correct because popularity is kept in growth form (see {@link RecoState}): an item's score only
 * ever increases, so an item outside the set can only enter it through an update, which is offered
 * here. Thread-safe (synchronized; updates are O(log capacity)).
 */
final class TopScores {
  private final int capacity;
  private final TreeSet<Entry> order = new TreeSet<>();
  private final Int2DoubleOpenHashMap members = new Int2DoubleOpenHashMap();

  TopScores(int capacity) {
    this.capacity = capacity;
  }

  /** Offers item {@code item}'s new (higher) score. */
  synchronized void offer(int item, double score) {
    if (members.containsKey(item)) {
      order.remove(new Entry(members.get(item), item));
    } else if (order.size() >= capacity) {
      Entry low = order.first();
      if (new Entry(score, item).compareTo(low) <= 0) {
        return;
      }
      order.pollFirst();
      members.remove(low.item);
    }
    order.add(new Entry(score, item));
    members.put(item, score);
  }

  /** Drops {@code item} (it changed category or was forgotten). */
  synchronized void remove(int item) {
    if (members.containsKey(item)) {
      order.remove(new Entry(members.remove(item), item));
    }
  }

  /** Up to {@code n} items accepted by {@code filter}, best first (ties: lower index first). */
  synchronized int[] top(int n, IntPredicate filter) {
    int[] out = new int[Math.min(n, order.size())];
    int k = 0;
    for (Entry e : order.descendingSet()) {
      if (k == out.length) {
        break;
      }
      if (filter.test(e.item)) {
        out[k++] = e.item;
      }
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  synchronized int size() {
    return order.size();
  }

  /** Rescales every score by {@code factor} (the popularity reference time moved). */
  synchronized void rescale(double factor) {
    TreeSet<Entry> copy = new TreeSet<>();
    for (Entry e : order) {
      double s = e.score * factor;
      copy.add(new Entry(s, e.item));
      members.put(e.item, s);
    }
    order.clear();
    order.addAll(copy);
  }

  private record Entry(double score, int item) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = Double.compare(score, o.score);
      return c != 0 ? c : Integer.compare(o.item, item); // lower index ranks higher on ties
    }
  }
}
