package io.mercato.ml.als;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sparse user × item matrix of non-negative interaction weights; repeated (user, item) pairs are
 * summed. Immutable and thread-safe once built.
 *
 * <p>Users and items are indexed {@code 0..users()-1} and {@code 0..items()-1} in the order their ids
 * were first added. Cells whose summed weight is 0 are not stored (in iALS a zero weight is exactly
 * an absent cell: preference 0, confidence 1), but their ids are still indexed, so a user seen only
 * with weight 0 exists and gets a factor row.
 *
 * <p>Held twice in compressed-sparse-row form, by user (rows sorted by item index) and by item
 * (rows sorted by user index): 16 bytes per stored cell plus the ids. At most
 * {@value #MAX_ADDS} calls to {@link Builder#add}.
 */
public final class InteractionMatrix {
  /** The largest number of {@code add} calls a builder accepts (array size limit). */
  public static final int MAX_ADDS = Integer.MAX_VALUE - 8;

  private final String[] userIds;
  private final String[] itemIds;
  private final Object2IntOpenHashMap<String> userIndex;
  private final Object2IntOpenHashMap<String> itemIndex;
  private final int[] userPtr;
  private final int[] userItems;
  private final float[] userWeights;
  private final int[] itemPtr;
  private final int[] itemUsers;
  private final float[] itemWeights;

  private InteractionMatrix(
      String[] userIds,
      String[] itemIds,
      Object2IntOpenHashMap<String> userIndex,
      Object2IntOpenHashMap<String> itemIndex,
      int[] userPtr,
      int[] userItems,
      float[] userWeights) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.userIndex = userIndex;
    this.itemIndex = itemIndex;
    this.userPtr = userPtr;
    this.userItems = userItems;
    this.userWeights = userWeights;
    // The transpose: walking users in order leaves every item row sorted by user.
    int nnz = userItems.length;
    itemPtr = new int[itemIds.length + 1];
    for (int c = 0; c < nnz; c++) {
      itemPtr[userItems[c] + 1]++;
    }
    for (int i = 0; i < itemIds.length; i++) {
      itemPtr[i + 1] += itemPtr[i];
    }
    int[] next = Arrays.copyOf(itemPtr, itemIds.length);
    itemUsers = new int[nnz];
    itemWeights = new float[nnz];
    for (int u = 0; u < userIds.length; u++) {
      for (int c = userPtr[u]; c < userPtr[u + 1]; c++) {
        int at = next[userItems[c]]++;
        itemUsers[at] = u;
        itemWeights[at] = userWeights[c];
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public int users() {
    return userIds.length;
  }

  public int items() {
    return itemIds.length;
  }

  /** Stored cells: distinct (user, item) pairs with a positive summed weight. */
  public long nonZeros() {
    return userItems.length;
  }

  /** @throws IndexOutOfBoundsException unless {@code 0 <= u < users()} */
  public String userId(int u) {
    return userIds[Objects.checkIndex(u, userIds.length)];
  }

  /** @throws IndexOutOfBoundsException unless {@code 0 <= i < items()} */
  public String itemId(int i) {
    return itemIds[Objects.checkIndex(i, itemIds.length)];
  }

  /** The user's index, or -1 if the id was never added. */
  public int userIndex(String id) {
    return userIndex.getInt(id);
  }

  /** The item's index, or -1 if the id was never added. */
  public int itemIndex(String id) {
    return itemIndex.getInt(id);
  }

  // CSR views for the trainer and the tests; shared, never to be modified.

  /** Row {@code u} of the by-user form is {@code userPtr[u] .. userPtr[u+1]-1}. */
  int[] userPtr() {
    return userPtr;
  }

  /** Item index of each by-user cell, ascending within a row. */
  int[] userItems() {
    return userItems;
  }

  float[] userWeights() {
    return userWeights;
  }

  /** Row {@code i} of the by-item form is {@code itemPtr[i] .. itemPtr[i+1]-1}. */
  int[] itemPtr() {
    return itemPtr;
  }

  /** User index of each by-item cell, ascending within a row. */
  int[] itemUsers() {
    return itemUsers;
  }

  float[] itemWeights() {
    return itemWeights;
  }

  String[] userIdArray() {
    return userIds;
  }

  String[] itemIdArray() {
    return itemIds;
  }

  Object2IntOpenHashMap<String> userIndexMap() {
    return userIndex;
  }

  Object2IntOpenHashMap<String> itemIndexMap() {
    return itemIndex;
  }

  /**
   * Collects interactions in any order. Single use: {@link #build()} hands its tables to the matrix,
   * after which the builder rejects further calls. Not thread-safe.
   */
  public static final class Builder {
    private final Object2IntOpenHashMap<String> userIndex = newIndex();
    private final Object2IntOpenHashMap<String> itemIndex = newIndex();
    private String[] userIds = new String[16];
    private String[] itemIds = new String[16];
    // One entry per add, in call order.
    private int[] us = new int[64];
    private int[] is = new int[64];
    private float[] ws = new float[64];
    private int n;
    private boolean built;

    private Builder() {}

    /**
     * Adds {@code weight} to the cell (userId, itemId), indexing ids not seen before.
     *
     * @param weight a finite number ≥ 0, e.g. an event count or a per-type weight; 0 only indexes the ids
     * @throws IllegalArgumentException on a negative or non-finite weight
     * @throws IllegalStateException after {@link #build()}, or beyond {@value InteractionMatrix#MAX_ADDS} adds
     */
    public Builder add(String userId, String itemId, float weight) {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(itemId, "itemId");
      if (!(weight >= 0) || Float.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "weight must be a finite number >= 0 but was "
                + weight
                + " (user \""
                + userId
                + "\", item \""
                + itemId
                + "\")");
      }
      checkOpen();
      if (n == MAX_ADDS) {
        throw new IllegalStateException(
            "an interaction matrix takes at most " + MAX_ADDS + " adds");
      }
      int u = userIndex.getInt(userId);
      if (u < 0) {
        u = userIndex.size();
        userIndex.put(userId, u);
        userIds = append(userIds, u, userId);
      }
      int i = itemIndex.getInt(itemId);
      if (i < 0) {
        i = itemIndex.size();
        itemIndex.put(itemId, i);
        itemIds = append(itemIds, i, itemId);
      }
      if (n == us.length) {
        int cap = (int) Math.min(MAX_ADDS, 2L * n);
        us = Arrays.copyOf(us, cap);
        is = Arrays.copyOf(is, cap);
        ws = Arrays.copyOf(ws, cap);
      }
      us[n] = u;
      is[n] = i;
      ws[n] = weight;
      n++;
      return this;
    }

    /**
     * The matrix, in O(adds + users + items) time: two stable counting sorts, no comparisons.
     *
     * @throws IllegalArgumentException if a summed weight overflows a float
     * @throws IllegalStateException if already built
     */
    public InteractionMatrix build() {
      checkOpen();
      built = true;
      int users = userIndex.size();
      int items = itemIndex.size();
      // Sorting stably by item and then by user orders the adds by (user, item), so repeats of a
      // pair are adjacent and are summed in the order they were added.
      int[] order = countingSort(countingSort(identity(n), is, items), us, users);
      int[] userPtr = new int[users + 1];
      int[] cols = new int[n];
      float[] vals = new float[n];
      int nnz = 0;
      for (int a = 0; a < n; ) {
        int u = us[order[a]];
        int item = is[order[a]];
        double sum = 0;
        int b = a;
        for (; b < n && us[order[b]] == u && is[order[b]] == item; b++) {
          sum += ws[order[b]];
        }
        float w = (float) sum;
        if (Float.isInfinite(w)) {
          throw new IllegalArgumentException(
              "summed weight of user \""
                  + userIds[u]
                  + "\", item \""
                  + itemIds[item]
                  + "\" overflows a float: "
                  + sum);
        }
        if (w > 0) {
          cols[nnz] = item;
          vals[nnz] = w;
          nnz++;
          userPtr[u + 1]++;
        }
        a = b;
      }
      for (int u = 0; u < users; u++) {
        userPtr[u + 1] += userPtr[u];
      }
      InteractionMatrix m =
          new InteractionMatrix(
              Arrays.copyOf(userIds, users),
              Arrays.copyOf(itemIds, items),
              userIndex,
              itemIndex,
              userPtr,
              Arrays.copyOf(cols, nnz),
              Arrays.copyOf(vals, nnz));
      us = is = null;
      ws = null;
      return m;
    }

    /** The cells permuted stably by {@code key[cell]}, a value in {@code 0..buckets-1}. */
    private int[] countingSort(int[] cells, int[] key, int buckets) {
      int[] start = new int[buckets + 1];
      for (int a = 0; a < n; a++) {
        start[key[cells[a]] + 1]++;
      }
      for (int b = 0; b < buckets; b++) {
        start[b + 1] += start[b];
      }
      int[] out = new int[n];
      for (int a = 0; a < n; a++) {
        out[start[key[cells[a]]]++] = cells[a];
      }
      return out;
    }

    private static int[] identity(int size) {
      int[] a = new int[size];
      for (int c = 0; c < size; c++) {
        a[c] = c;
      }
      return a;
    }

    private void checkOpen() {
      if (built) {
        throw new IllegalStateException("this builder has already built its matrix");
      }
    }

    private static String[] append(String[] ids, int at, String id) {
      String[] a =
          at < ids.length ? ids : Arrays.copyOf(ids, (int) Math.min(MAX_ADDS, 2L * ids.length));
      a[at] = id;
      return a;
    }

    private static Object2IntOpenHashMap<String> newIndex() {
      Object2IntOpenHashMap<String> m = new Object2IntOpenHashMap<>();
      m.defaultReturnValue(-1);
      return m;
    }
  }
}
