package io.mercato.core.reco;

import io.mercato.core.reco.RecoView.Ring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The items of the recommendation state, by id and by dense ordinal, each with its ring of recent
 * users ({@link ItemNode}: the user-CF inverted index, with primitive weight arrays). One writer adds
 * and drops items; any thread reads. An ordinal is never reused while the state lives: a dropped
 * item's slot stays empty, so a stale ordinal held elsewhere resolves to nothing ({@link #node}).
 */
final class ItemRings {
  private final ConcurrentHashMap<String, ItemNode> items = new ConcurrentHashMap<>();
  private volatile ItemNode[] byIndex = new ItemNode[16];
  private int nextItem; // writer

  /** The item's node, or null. */
  ItemNode get(String id) {
    return items.get(id);
  }

  /** The item's node, created with the next ordinal when new (writer). */
  ItemNode getOrCreate(String id) {
    ItemNode it = items.get(id);
    return it != null ? it : add(id);
  }

  /** A new node with the next ordinal, listed under {@code id} (writer). */
  ItemNode add(String id) {
    ItemNode it = new ItemNode(nextItem++, id);
    ItemNode[] arr = byIndex;
    if (it.index >= arr.length) {
      arr = Arrays.copyOf(arr, arr.length * 2);
    }
    arr[it.index] = it;
    byIndex = arr; // volatile write publishes the slot
    items.put(id, it);
    return it;
  }

  /** The live item of an ordinal, or null (out of range, dropped or removed). */
  ItemNode node(int index) {
    ItemNode[] arr = byIndex;
    if (index < 0 || index >= arr.length) {
      return null;
    }
    ItemNode it = arr[index];
    return it == null || it.removed ? null : it;
  }

  /** One past the highest ordinal handed out. */
  int limit() {
    return nextItem;
  }

  /** The slot of an ordinal below {@link #limit}, removed items included (writer: codec, rescaling). */
  ItemNode slot(int index) {
    return byIndex[index];
  }

  /** Drops {@code it} from both indexes and marks it removed (writer). */
  void forget(ItemNode it) {
    it.removed = true;
    byIndex[it.index] = null;
    items.remove(it.id);
  }

  boolean contains(String id) {
    return items.containsKey(id);
  }

  int size() {
    return items.size();
  }

  /** A copy of every item id (writer thread). */
  List<String> ids() {
    return new ArrayList<>(items.keySet());
  }

  /**
   * Drops items whose newest event is before {@code cutoff}, telling {@code dropped} of each before
   * it is forgotten (writer).
   *
   * @return how many
   */
  int sweep(long cutoff, Consumer<ItemNode> dropped) {
    int n = 0;
    ItemNode[] arr = byIndex;
    for (var iter = items.values().iterator(); iter.hasNext(); ) {
      ItemNode it = iter.next();
      if (it.lastMillis < cutoff) {
        it.removed = true;
        dropped.accept(it);
        arr[it.index] = null;
        iter.remove();
        n++;
      }
    }
    return n;
  }

  /** The newest {@code max} users of the item's ring with their weights, or null for an unknown item. */
  Ring ring(String itemId, int max) {
    ItemNode it = items.get(itemId);
    if (it == null) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    float[][] ws = {new float[Math.min(max, 16)]};
    it.forEachUser(
        max,
        (u, w) -> {
          if (ids.size() == ws[0].length) {
            ws[0] = Arrays.copyOf(ws[0], ws[0].length * 2);
          }
          ws[0][ids.size()] = w;
          ids.add(u.id);
        });
    return new Ring(ids, Arrays.copyOf(ws[0], ids.size()));
  }
}
