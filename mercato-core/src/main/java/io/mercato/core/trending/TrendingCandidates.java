package io.mercato.core.trending;

import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The items a frequent-items sketch tracks over a span that contains a window, each with a
 * guaranteed upper bound of its events there, and the bound that holds for every item it does not
 * track. Built by {@link io.mercato.core.sketch.WindowedTopItems#candidates}; refined into an answer by
 * {@link TrendingRanker}.
 *
 * @param items       tracked items, by upper bound descending, then id ascending
 * @param upperBounds {@code upperBounds[i]} ≥ the events of {@code items.get(i)} in the window
 * @param maxError    ≥ the events in the window of any item not in {@code items} (the sketch's maximum
 *                    error; 0 when it tracked every item it saw); every upper bound is at least this
 */
public record TrendingCandidates(List<String> items, long[] upperBounds, long maxError) {
  /** No candidate: a window without events. */
  public static final TrendingCandidates NONE = new TrendingCandidates(List.of(), new long[0], 0);

  public TrendingCandidates {
    items = List.copyOf(items);
    Objects.requireNonNull(upperBounds, "upperBounds");
    if (upperBounds.length != items.size()) {
      throw new IllegalArgumentException(
          items.size() + " candidates but " + upperBounds.length + " upper bounds");
    }
    upperBounds = upperBounds.clone();
    if (maxError < 0) {
      throw new IllegalArgumentException("max error must not be negative but was " + maxError);
    }
  }

  /**
   * The candidates of a scope whose events are split into {@code parts} (shards, partitions): an item's
   * upper bound is the sum of its upper bound in each part, or of the part's maximum error where the
   * part does not track it, and the maximum error is the sum of the parts'. As tight as merging the
   * parts' sketches, without copying them. O(candidates · log).
   */
  public static TrendingCandidates sum(Collection<TrendingCandidates> parts) {
    if (parts.size() == 1) {
      return parts.iterator().next();
    }
    long error = 0;
    Object2LongOpenHashMap<String> excess =
        new Object2LongOpenHashMap<>(); // Σ (upper bound - part's error)
    for (TrendingCandidates p : parts) {
      error += p.maxError;
      for (int i = 0; i < p.items.size(); i++) {
        excess.addTo(p.items.get(i), p.upperBounds[i] - p.maxError);
      }
    }
    List<String> items = new ArrayList<>(excess.keySet());
    items.sort(
        Comparator.<String>comparingLong(excess::getLong)
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    long[] upper = new long[items.size()];
    for (int i = 0; i < upper.length; i++) {
      upper[i] = error + excess.getLong(items.get(i));
    }
    return new TrendingCandidates(items, upper, error);
  }

  /** The number of candidates. */
  public int size() {
    return items.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrendingCandidates c
        && items.equals(c.items)
        && Arrays.equals(upperBounds, c.upperBounds)
        && maxError == c.maxError;
  }

  @Override
  public int hashCode() {
    return Objects.hash(items, Arrays.hashCode(upperBounds), maxError);
  }

  @Override
  public String toString() {
    return "TrendingCandidates[" + items.size() + " items, max error " + maxError + "]";
  }
}
