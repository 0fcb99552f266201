package io.mercato.core.reco;

import io.mercato.core.reco.RecoView.Neighbours;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Item co-occurrence and the top-K neighbour lists item-CF reads, kept in each {@link ItemNode}'s
 * primitive row and list. See {@link RecoState} for the cost per event and the similarity:
 * {@code sim(a, b) = co(a, b) / sqrt(n_a · n_b)}, computed by readers with current user counts.
 * Writer thread only, except {@link #neighbours} and {@link #cosine}.
 */
final class Cooccurrence {
  private final RecoConfig config;
  private final ItemRings items;

  /** Writer scratch: the previous items of the user, filled by {@link UserNode#touch}. */
  final int[] partners;

  Cooccurrence(RecoConfig config, ItemRings items) {
    this.config = config;
    this.items = items;
    this.partners = new int[config.cooccurrenceWindow()];
  }

  /** The cosine of two items' binary user vectors from their co-occurrence and user counts, in [0, 1]. */
  static double cosine(int co, int na, int nb) {
    if (co <= 0 || na <= 0 || nb <= 0) {
      return 0;
    }
    return Math.min(1.0, co / Math.sqrt((double) na * nb));
  }

  /**
   * Counts {@code it} as co-occurring with the first {@code np} {@link #partners} (the user's previous
   * items, when {@code it} is new to the user's history) and offers each pair to both neighbour lists;
   * rebuilds {@code it}'s list when its user count has grown by a quarter since the last rebuild.
   *
   * @param changed told of every other item whose row changed
   */
  void record(ItemNode it, int np, Consumer<ItemNode> changed) {
    int k = config.itemNeighbours();
    int cap = config.cooccurrenceCap();
    for (int p = 0; p < np; p++) {
      ItemNode other = items.slot(partners[p]);
      if (other == null || other.removed || other == it) {
        continue;
      }
      int c1 = it.addCooccurrence(other.index, 1);
      int c2 = other.addCooccurrence(it.index, 1);
      it.offer(other.index, c1, cosine(c1, it.userCount, other.userCount), k, simOf(it));
      other.offer(it.index, c2, cosine(c2, other.userCount, it.userCount), k, simOf(other));
      other.trimCooccurrence(cap);
      changed.accept(other);
    }
    it.trimCooccurrence(cap);
    if (it.userCount >= it.userCountAtRebuild + Math.max(1, it.userCountAtRebuild / 4)) {
      rebuildNeighbours(it);
    }
  }

  private ItemNode.SimilarityOf simOf(ItemNode it) {
    return (item, count) -> {
      ItemNode o = items.node(item);
      return o == null ? Double.NEGATIVE_INFINITY : cosine(count, it.userCount, o.userCount);
    };
  }

  /** Recomputes {@code it}'s neighbour list from its whole co-occurrence row. */
  private void rebuildNeighbours(ItemNode it) {
    it.userCountAtRebuild = it.userCount;
    if (it.cooccurrence == null) {
      return;
    }
    int m = it.cooccurrence.size();
    int[] ids = new int[m];
    int[] counts = new int[m];
    double[] sims = new double[m];
    int k = 0;
    var iter = it.cooccurrence.int2IntEntrySet().iterator();
    while (iter.hasNext()) {
      Int2IntMap.Entry e = iter.next();
      ItemNode o = items.node(e.getIntKey());
      if (o == null) {
        iter.remove(); // a forgotten item
        continue;
      }
      ids[k] = e.getIntKey();
      counts[k] = e.getIntValue();
      sims[k] = cosine(counts[k], it.userCount, o.userCount);
      k++;
    }
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Double.compare(sims[b], sims[a]);
          return c != 0 ? c : Integer.compare(ids[a], ids[b]);
        });
    int keep = Math.min(k, config.itemNeighbours());
    // headroom for the neighbours the next events offer: without it every rebuild (frequent while
    // an
    // item is young) was followed by array copies on the next offers, the top cost of applying
    // events
    int room = Math.min(config.itemNeighbours(), Math.max(4, keep * 2));
    int[] nIds = new int[room];
    int[] nCounts = new int[room];
    for (int i = 0; i < keep; i++) {
      nIds[i] = ids[order[i]];
      nCounts[i] = counts[order[i]];
    }
    it.replaceNeighbours(nIds, nCounts, keep);
  }

  /** The item's neighbour list with co-occurrence counts (live items only), or null for an unknown item. */
  Neighbours neighbours(String itemId) {
    ItemNode it = items.get(itemId);
    if (it == null) {
      return null;
    }
    int[][] nb = it.neighbours();
    List<String> ids = new ArrayList<>(nb[0].length);
    int[] counts = new int[nb[0].length];
    int k = 0;
    for (int i = 0; i < nb[0].length; i++) {
      ItemNode o = items.node(nb[0][i]);
      if (o != null) {
        ids.add(o.id);
        counts[k++] = nb[1][i];
      }
    }
    return new Neighbours(ids, Arrays.copyOf(counts, k));
  }
}
