package io.mercato.core.trending;

import it.unimi.dsi.fastutil.objects.Object2LongMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Answers "which n items had the most events in this window" from exact per-item counts, with a
 * guarantee ({@link TopItems#exact}, {@link TopItems#maxError}); never ranks by an estimate.
 *
 * <p><b>With candidates</b> ({@link #rank}): a frequent-items sketch over a span that contains the
 * window names the items worth looking at, each with an upper bound, and bounds every item it does not
 * name by its maximum error {@code E}. Candidates are looked up, best upper bound first, in the exact
 * per-item counts (an item's {@link io.mercato.core.agg.KeyState}); the lookups stop once the next upper
 * bound is below the n-th exact count found (nothing further can enter the top n) or after
 * {@code maxLookups}. Every item not looked up then has at most {@code B = max(E, next upper bound)}
 * events, so the answer is <em>exact</em> when the n-th count is above {@code B} — in particular
 * whenever the lookups stopped on their own, since every upper bound is at least {@code E}. Otherwise
 * it is the best of the items looked up, every listed count still exact, and {@code maxError = B}.
 * This is how the cluster runtime answers: a handful of per-item reads rather than a scan of every
 * item.
 *
 * <p><b>From a full scan</b> ({@link #top}): exact counts of every item with events in the window, as
 * the embedded engine can compute from its shards; exact unless some items' counts are unknown.
 *
 * <p>Ties in count go to the smaller item id, so equal states give equal answers.
 */
public final class TrendingRanker {
  /** Candidates looked up per answer, at most, unless more items are asked for. */
  public static final int DEFAULT_MAX_LOOKUPS = 256;

  private static final int BATCH = 32;
  private static final Comparator<TopItems.ItemCount> BEST_FIRST =
      Comparator.comparingLong(TopItems.ItemCount::count)
          .reversed()
          .thenComparing(TopItems.ItemCount::itemId);

  private TrendingRanker() {}

  /** Exact per-item counts in one window, looked up in batches. */
  @FunctionalInterface
  public interface ExactCounts {
    /**
     * For each of {@code items}, its exact events in the window (≥ 0), or -1 when its count cannot be
     * known exactly; an array as long as {@code items}, in its order.
     */
    long[] of(List<String> items);
  }

  /**
   * The top {@code n} of {@code candidates}, by exact counts; see the class comment.
   *
   * @param n          how many items, ≥ 1
   * @param maxLookups candidates looked up at most (raised to {@code 2n} when lower), ≥ 1
   * @throws IllegalArgumentException when {@code n} or {@code maxLookups} is below 1, or a lookup
   *                                  answers an array of the wrong length
   */
  public static TopItems rank(
      TrendingCandidates candidates, int n, ExactCounts exact, int maxLookups) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(exact, "exact");
    if (n < 1 || maxLookups < 1) {
      throw new IllegalArgumentException(
          "n and maxLookups must be at least 1 but were " + n + " and " + maxLookups);
    }
    int limit = Math.max(maxLookups, 2 * n);
    long[] upper = candidates.upperBounds();
    List<TopItems.ItemCount> found = new ArrayList<>();
    PriorityQueue<Long> best = new PriorityQueue<>(); // the n largest counts found, smallest first
    long unknown = 0; // the largest upper bound of a candidate whose count is unknown
    int i = 0;
    while (i < candidates.size() && i < limit) {
      long kth = best.size() == n ? best.peek() : 0;
      if (upper[i] < kth) {
        break; // no candidate from here on can reach the top n
      }
      int to = Math.min(Math.min(candidates.size(), limit), i + Math.max(BATCH, n));
      List<String> batch = candidates.items().subList(i, to);
      long[] counts = exact.of(batch);
      if (counts.length != batch.size()) {
        throw new IllegalArgumentException(
            "looked up " + batch.size() + " items but got " + counts.length + " counts");
      }
      for (int j = 0; j < counts.length; j++) {
        if (counts[j] < 0) {
          unknown = Math.max(unknown, upper[i + j]);
        } else if (counts[j] > 0) {
          found.add(new TopItems.ItemCount(batch.get(j), counts[j]));
          best.add(counts[j]);
          if (best.size() > n) {
            best.poll();
          }
        }
      }
      i = to;
    }
    long next = i < candidates.size() ? upper[i] : 0;
    return top(found, n, Math.max(candidates.maxError(), Math.max(next, unknown)));
  }

  /**
   * The top {@code n} of exact counts of every item with events in the window. O(items · log n).
   *
   * @param counts       item → its events in the window; items with 0 are ignored
   * @param unknownBound the most events an item whose count is not in {@code counts} may have (0 when
   *                     every item with events is there)
   * @throws IllegalArgumentException when {@code n} is below 1 or a bound or count is negative
   */
  public static TopItems top(Object2LongMap<String> counts, int n, long unknownBound) {
    if (n < 1 || unknownBound < 0) {
      throw new IllegalArgumentException(
          "n must be at least 1 and the bound not negative but were " + n + " and " + unknownBound);
    }
    PriorityQueue<TopItems.ItemCount> best =
        new PriorityQueue<>(n + 1, BEST_FIRST.reversed()); // worst on top
    for (Object2LongMap.Entry<String> e : counts.object2LongEntrySet()) {
      long c = e.getLongValue();
      if (c < 0) {
        throw new IllegalArgumentException("count of " + e.getKey() + " is negative: " + c);
      }
      if (c == 0) {
        continue;
      }
      TopItems.ItemCount worst = best.peek();
      if (best.size() < n
          || c > worst.count()
          || (c == worst.count() && e.getKey().compareTo(worst.itemId()) < 0)) {
        best.add(new TopItems.ItemCount(e.getKey(), c));
        if (best.size() > n) {
          best.poll();
        }
      }
    }
    return top(best, n, unknownBound);
  }

  /** The best {@code n} of {@code found}; exact when every item not among them has at most {@code bound} events. */
  private static TopItems top(Collection<TopItems.ItemCount> found, int n, long bound) {
    List<TopItems.ItemCount> sorted = new ArrayList<>(found);
    sorted.sort(BEST_FIRST);
    List<TopItems.ItemCount> top = sorted.size() <= n ? sorted : sorted.subList(0, n);
    // A missing item must have fewer events than the last listed (ties go to the smaller id, which
    // it
    // might have), or none at all when fewer than n are listed.
    long threshold = top.size() == n ? top.get(n - 1).count() : 1;
    boolean exact = bound < threshold;
    return new TopItems(top, exact, exact ? 0 : bound);
  }
}
