package io.mercato.core.reco;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Time-decayed item popularity, global and per category, each scope a {@link TopScores} of at most
 * {@value RecoState#TOP_CAPACITY} items; an item's score itself lives in its {@link ItemNode}. Kept
 * in growth form ({@code Σ w·2^((t_e - ref)/h)}; see {@link RecoState}) so stored scores only grow and
 * the top sets stay exact without rescanning. One writer; any thread reads.
 */
final class Popularity {
  private static final double MAX_EXPONENT = 512; // 2^512 is far from double overflow (2^1024)
  private final long halfLifeMillis;
  private final ItemRings items;
  private final ConcurrentHashMap<String, TopScores> byCategory = new ConcurrentHashMap<>();
  private final TopScores global = new TopScores(RecoState.TOP_CAPACITY);
  private volatile long ref = Long.MIN_VALUE;

  Popularity(RecoConfig config, ItemRings items) {
    this.halfLifeMillis = config.popularityHalfLife().toMillis();
    this.items = items;
  }

  /** The reference time of the growth form, or {@link Long#MIN_VALUE} before any interaction. */
  long ref() {
    return ref;
  }

  /** Sets the reference time (reading a stored state). */
  void restoreRef(long ref) {
    this.ref = ref;
  }

  /**
   * Moves {@code it} to {@code category} when its events name another one: it leaves the old
   * category's scores and enters the new one's with its next {@link #add} (writer).
   */
  void recategorise(ItemNode it, String category) {
    if (category != null && !category.equals(it.category)) {
      String old = it.category;
      if (old != null) {
        TopScores s = byCategory.get(old);
        if (s != null) {
          s.remove(it.index);
        }
      }
      it.category = category;
    }
  }

  /**
   * Adds an interaction of weight {@code w} at {@code t} to the item's score and its scopes (writer).
   *
   * @return true when the reference time moved, which rescaled every item's stored score
   */
  boolean add(ItemNode it, float w, long t) {
    boolean rescaled = false;
    if (ref == Long.MIN_VALUE) {
      ref = t;
    }
    double exponent = (double) (t - ref) / halfLifeMillis;
    if (exponent > MAX_EXPONENT) {
      rescale(t);
      rescaled = true;
      exponent = 0;
    }
    it.popularity = it.popularity + w * Math.pow(2, exponent);
    offer(it);
    return rescaled;
  }

  /** Lists the item's stored score in the global scope and its category's (writer). */
  void offer(ItemNode it) {
    global.offer(it.index, it.popularity);
    String c = it.category;
    if (c != null) {
      byCategory
          .computeIfAbsent(c, k -> new TopScores(RecoState.TOP_CAPACITY))
          .offer(it.index, it.popularity);
    }
  }

  private void rescale(long newRef) {
    double factor = Math.pow(2, -(double) (newRef - ref) / halfLifeMillis);
    for (int i = 0; i < items.limit(); i++) {
      ItemNode it = items.slot(i);
      if (it != null) {
        it.popularity *= factor;
      }
    }
    global.rescale(factor);
    byCategory.values().forEach(s -> s.rescale(factor));
    ref = newRef;
  }

  /** Takes a dropped item out of its scopes (writer). */
  void forget(ItemNode it) {
    global.remove(it.index);
    if (it.category != null && byCategory.containsKey(it.category)) {
      byCategory.get(it.category).remove(it.index);
    }
  }

  /** The item's popularity at {@code nowMillis}: its growth-form score decayed from the reference time. */
  double decayed(ItemNode it, long nowMillis) {
    long r = ref;
    if (r == Long.MIN_VALUE) {
      return 0;
    }
    return it.popularity * Math.pow(2, -(double) (nowMillis - r) / halfLifeMillis);
  }

  /** The most popular live items passing {@code filter}, best first, global or of {@code category}. */
  List<String> popular(String category, int n, Predicate<String> filter) {
    TopScores scope = category == null ? global : byCategory.get(category);
    if (scope == null) {
      return List.of();
    }
    int[] top =
        scope.top(
            n,
            i -> {
              ItemNode it = items.node(i);
              return it != null && filter.test(it.id);
            });
    List<String> out = new ArrayList<>(top.length);
    for (int i : top) {
      ItemNode it = items.node(i);
      if (it != null) {
        out.add(it.id);
      }
    }
    return out;
  }

  /** Every category with a popularity list (writer thread). */
  List<String> categories() {
    return new ArrayList<>(byCategory.keySet());
  }
}
