package io.mercato.core.reco;

import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;

/**
 * One item's recommendation state: its most recent users (the user-CF inverted index), its
 * co-occurrence counts with other items, and its top neighbours for item-CF.
 *
 * <p>Threading: one writer ({@link RecoState#apply}); the users ring and the neighbour list are
 * guarded by this object's monitor and read by HTTP threads; the co-occurrence map is touched by
 * the writer only. Neighbours store raw co-occurrence counts, and readers compute the cosine
 * {@code co / sqrt(n_i · n_j)} with the current user counts, so a listed similarity is never stale
 * even when list membership lags a little (see {@link RecoState}).
 */
final class ItemNode {
  private static final UserNode[] NO_USERS = new UserNode[0];
  private static final float[] NO_FLOATS = new float[0];
  private static final int[] NO_INTS = new int[0];

  final int index;
  final String id;
  volatile String category;
  volatile long lastMillis = Long.MIN_VALUE;
  volatile boolean removed;

  /** Distinct users who interacted (each counted when the item entered their history). */
  volatile int userCount;

  /** Popularity in growth form: Σ w·2^((t - ref)/h), see {@link RecoState}. Writer only writes. */
  volatile double popularity;

  // users ring: most recent first (guarded by this)
  private UserNode[] users = NO_USERS;
  private float[] userWeights = NO_FLOATS;
  private int usersSize;

  // neighbours (guarded by this), in no particular order
  private int[] nbrItems = NO_INTS;
  private int[] nbrCounts = NO_INTS;
  // the similarity each entry had when last offered (NaN: not known since a rebuild or a restore)
  private float[] nbrSims = NO_FLOATS;
  private int nbrSize;

  // writer only
  Int2IntOpenHashMap cooccurrence; // lazily created
  int userCountAtRebuild;

  ItemNode(int index, String id) {
    this.index = index;
    this.id = id;
  }

  /** Moves {@code user} to the front of the ring with its current weight for this item. */
  synchronized void touchUser(UserNode user, float weight, int cap) {
    int pos = -1;
    for (int i = 0; i < usersSize; i++) {
      if (users[i] == user) {
        pos = i;
        break;
      }
    }
    if (pos < 0) {
      if (usersSize == cap) {
        pos = usersSize - 1; // the least recent user falls out
      } else {
        if (usersSize == users.length) {
          int grown = Math.min(cap, Math.max(4, users.length * 2));
          users = Arrays.copyOf(users, grown);
          userWeights = Arrays.copyOf(userWeights, grown);
        }
        pos = usersSize++;
      }
    }
    System.arraycopy(users, 0, users, 1, pos);
    System.arraycopy(userWeights, 0, userWeights, 1, pos);
    users[0] = user;
    userWeights[0] = weight;
  }

  /**
   * Takes {@code user} out of the ring, if listed (the item left the user's history, so the user is
   * no longer evidence for it). O(item-users).
   */
  synchronized void removeUser(UserNode user) {
    for (int i = 0; i < usersSize; i++) {
      if (users[i] == user) {
        System.arraycopy(users, i + 1, users, i, usersSize - i - 1);
        System.arraycopy(userWeights, i + 1, userWeights, i, usersSize - i - 1);
        usersSize--;
        users[usersSize] = null; // no reference kept to a user that may be forgotten
        return;
      }
    }
  }

  /** Calls {@code f} for each of the {@code max} most recent users, under this item's lock. */
  synchronized void forEachUser(int max, UserVisitor f) {
    int n = Math.min(max, usersSize);
    for (int i = 0; i < n; i++) {
      UserNode u = users[i];
      if (!u.removed) {
        f.visit(u, userWeights[i]);
      }
    }
  }

  synchronized int usersSize() {
    return usersSize;
  }

  /** Restores the ring from a snapshot. */
  synchronized void restoreUsers(UserNode[] us, float[] ws) {
    users = us;
    userWeights = ws;
    usersSize = us.length;
  }

  /** Copies of the neighbour list: {@code [items, counts]}, in no particular order. */
  synchronized int[][] neighbours() {
    return new int[][] {Arrays.copyOf(nbrItems, nbrSize), Arrays.copyOf(nbrCounts, nbrSize)};
  }

  synchronized int neighbourCount() {
    return nbrSize;
  }

  /** Whether {@code item} is listed (writer only, while holding no other lock). */
  synchronized boolean lists(int item) {
    for (int i = 0; i < nbrSize; i++) {
      if (nbrItems[i] == item) {
        return true;
      }
    }
    return false;
  }

  /**
   * Offers neighbour {@code item} with co-occurrence {@code count} and cosine {@code sim}: an entry
   * already listed takes the new count; otherwise it is added while there is room, or replaces the
   * least similar entry when it is more similar. Listed entries are compared by the similarity they
   * had when last offered ({@code simOf} computes it for entries not offered since a rebuild or a
   * restore). O(cap), without recomputing cosines.
   */
  synchronized void offer(int item, int count, double sim, int cap, SimilarityOf simOf) {
    for (int i = 0; i < nbrSize; i++) {
      if (nbrItems[i] == item) {
        nbrCounts[i] = count;
        nbrSims[i] = (float) sim;
        return;
      }
    }
    if (nbrSize < cap) {
      if (nbrSize == nbrItems.length) {
        int grown = Math.min(cap, Math.max(4, nbrItems.length * 2));
        nbrItems = Arrays.copyOf(nbrItems, grown);
        nbrCounts = Arrays.copyOf(nbrCounts, grown);
        nbrSims = Arrays.copyOf(nbrSims, grown);
      }
      nbrItems[nbrSize] = item;
      nbrCounts[nbrSize] = count;
      nbrSims[nbrSize] = (float) sim;
      nbrSize++;
      return;
    }
    // The least similar entry by the similarity it had when last offered: recomputing every entry's
    // cosine on every offer was most of the cost of applying an event. An entry's cached value goes
    // stale only as user counts grow, and the periodic rebuild recomputes the whole list.
    int worst = -1;
    double worstSim = Double.POSITIVE_INFINITY;
    for (int i = 0; i < nbrSize; i++) {
      float cached = nbrSims[i];
      if (Float.isNaN(cached)) {
        cached = (float) simOf.sim(nbrItems[i], nbrCounts[i]);
        nbrSims[i] = cached;
      }
      // ties: the higher index is worse, so the outcome does not depend on list order
      if (cached < worstSim || (cached == worstSim && nbrItems[i] > nbrItems[worst])) {
        worstSim = cached;
        worst = i;
      }
    }
    float offered = (float) sim;
    if (offered > worstSim || (offered == worstSim && item < nbrItems[worst])) {
      nbrItems[worst] = item;
      nbrCounts[worst] = count;
      nbrSims[worst] = offered;
    }
  }

  /**
   * Replaces the whole neighbour list (a rebuild from the co-occurrence row) with the first
   * {@code size} entries of the arrays, which become this node's (their spare length is headroom, so
   * the offers after a rebuild do not copy the arrays again).
   */
  synchronized void replaceNeighbours(int[] its, int[] counts, int size) {
    nbrItems = its;
    nbrCounts = counts;
    nbrSims = new float[its.length];
    Arrays.fill(nbrSims, Float.NaN);
    nbrSize = size;
  }

  /** Adds {@code delta} to the co-occurrence with {@code item} and returns the new count (writer). */
  int addCooccurrence(int item, int delta) {
    if (cooccurrence == null) {
      cooccurrence = new Int2IntOpenHashMap(4);
    }
    return cooccurrence.addTo(item, delta) + delta;
  }

  /**
   * Keeps the co-occurrence row within {@code cap} entries (writer): drops the lowest counts until
   * three quarters of the cap remain, never an item that is currently a neighbour. Amortised O(1)
   * per insertion since it runs once per cap/4 new entries.
   */
  void trimCooccurrence(int cap) {
    if (cooccurrence == null || cooccurrence.size() <= cap) {
      return;
    }
    int keep = Math.max(1, cap * 3 / 4);
    int[] counts = new int[cooccurrence.size()];
    int k = 0;
    for (Int2IntMap.Entry e : cooccurrence.int2IntEntrySet()) {
      counts[k++] = e.getIntValue();
    }
    Arrays.sort(counts);
    int threshold = counts[counts.length - keep];
    int[][] listed = neighbours();
    var it = cooccurrence.int2IntEntrySet().iterator();
    while (it.hasNext() && cooccurrence.size() > keep) {
      Int2IntMap.Entry e = it.next();
      if (e.getIntValue() <= threshold && !contains(listed[0], e.getIntKey())) {
        it.remove();
      }
    }
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** Visits one user of an item. */
  @FunctionalInterface
  interface UserVisitor {
    void visit(UserNode user, float weight);
  }

  /** The current cosine of this item with {@code item} given their co-occurrence count. */
  @FunctionalInterface
  interface SimilarityOf {
    double sim(int item, int count);
  }
}
