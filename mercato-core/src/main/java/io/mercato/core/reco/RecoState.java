package io.mercato.core.reco;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.LegacyIds;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The live state every recommender reads, updated on every interaction event: per-user histories,
 * per-item recent users (the user-CF inverted index), item co-occurrence with top-K neighbour lists
 * (item-CF), and time-decayed popularity, global and per category.
 *
 * <h2>Threading</h2>
 * One writer thread calls {@link #apply}, {@link #sweepIdle} and {@link #writeTo}; any number of
 * reader threads call the query methods concurrently. Per-user and per-item structures are guarded
 * by their own monitors (never two at once, so no lock order exists to get wrong), so a read sees
 * each structure in a consistent state but not necessarily all of them at the same instant.
 *
 * <h2>Work per event (item-CF cost)</h2>
 * An interaction updates the user's history (O(history-size)), the item's user ring and, when the
 * history is full, the ring of the item it drops (O(item-users)), popularity (O(log 1000)), and — only when the item is new to the user's history —
 * co-occurrence with the user's {@code W = cooccurrence-window} previous items: 2W counter increments
 * and 2W neighbour-list offers of O(K = item-neighbours) each, so O(W·K) (20 × 50 by default). An
 * item's list is rebuilt from its whole co-occurrence row, O(C log C) for C = cooccurrence-cap, when
 * its user count has grown by a quarter since the last rebuild — amortised O(C log C / n) per event.
 *
 * <h2>Similarity</h2>
 * {@code sim(a, b) = co(a, b) / sqrt(n_a · n_b)} where {@code co} counts users who had both items
 * within the co-occurrence window and {@code n} counts users per item: the cosine of the items' binary
 * user vectors. Lists store counts and readers compute the cosine with current {@code n}, so values
 * are exact for the counts kept; which items are listed may lag until the next rebuild.
 *
 * <h2>Popularity</h2>
 * {@code pop_i(t) = Σ w·2^(-(t - t_e)/h)} over the item's interactions, kept in growth form
 * {@code Σ w·2^((t_e - ref)/h)} so that an item's stored score only grows and the top-scores sets
 * stay exact without rescanning; {@code ref} moves forward (rescaling everything) before the
 * exponent could overflow. Out-of-order events add their own decayed weight, so the result does not
 * depend on arrival order.
 *
 * <h2>Bounded memory</h2>
 * Histories, rings, co-occurrence rows and neighbour lists are capped by {@link RecoConfig};
 * popularity sets hold at most {@value #TOP_CAPACITY} items per scope; users and items idle for
 * {@code idle-ttl} are dropped by {@link #sweepIdle}.
 */
public final class RecoState implements RecoView {
  /** Items kept per popularity scope. */
  public static final int TOP_CAPACITY = 1000;
  private static final int MAGIC = 0x5245434F; // "RECO"
  private static final int VERSION = 1;
  private static final double MAX_EXPONENT = 512; // 2^512 is far from double overflow (2^1024)

  private final RecoConfig config;
  private final float[] kindWeights;
  private final ConcurrentHashMap<String, UserNode> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ItemNode> items = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TopScores> byCategory = new ConcurrentHashMap<>();
  private final TopScores global = new TopScores(TOP_CAPACITY);
  private final int[] partners;
  private final int[] evicted = new int[1]; // writer scratch: the item a history dropped
  private volatile ItemNode[] itemArray = new ItemNode[16];
  private int nextItem; // writer
  private int nextUser; // writer
  private volatile long popularityRef = Long.MIN_VALUE;
  private volatile long newestMillis = Long.MIN_VALUE;
  private volatile long interactions;
  private RecoChanges changes; // writer; null while nobody asked for changes

  public RecoState(RecoConfig config) {
    this.config = config;
    List<String> types = new ArrayList<>(config.weights().asMap().keySet());
    this.kindWeights = new float[types.size()];
    for (int i = 0; i < types.size(); i++) {
      kindWeights[i] = config.weights().weight(types.get(i));
    }
    this.partners = new int[config.cooccurrenceWindow()];
  }

  @Override
  public RecoConfig config() {
    return config;
  }

  /**
   * Starts recording what {@link #apply} and {@link #sweepIdle} change, for a writer that copies the
   * changed parts elsewhere (the Flink job writes them to Redis); the first drain reports everything
   * (writer thread).
   */
  public void trackChanges() {
    if (changes == null) {
      changes = new RecoChanges();
      changes.everything = true;
    }
  }

  /** What changed since the last call (or since {@link #trackChanges}), then starts afresh (writer). */
  public RecoChanges drainChanges() {
    if (changes == null) {
      throw new IllegalStateException("changes are not tracked; call trackChanges first");
    }
    RecoChanges c = changes;
    changes = new RecoChanges();
    return c;
  }

  /**
   * Folds one event in (writer thread only). Events without an item, or whose type has no
   * interaction weight, change nothing.
   */
  public void apply(Event e) {
    if (e.itemId() == null) {
      return;
    }
    String type = e.type();
    float w = config.weights().weight(type);
    if (w <= 0) {
      return;
    }
    long t = e.timestampMillis();
    UserNode u = users.get(e.userId());
    if (u == null) {
      u = new UserNode(nextUser++, e.userId());
      users.put(u.id, u);
    }
    ItemNode it = itemNode(e.itemId());
    u.lastMillis = Math.max(u.lastMillis, t);
    it.lastMillis = Math.max(it.lastMillis, t);
    if (t > newestMillis) {
      newestMillis = t;
    }
    interactions++;
    RecoChanges ch = changes;
    if (ch != null) {
      ch.users.add(u.id);
      ch.items.add(it.id);
      ch.global = true;
      if (it.category != null) {
        ch.categories.add(it.category);
      }
      if (e.category() != null) {
        ch.categories.add(e.category());
      }
    }
    String category = e.category();
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
    addPopularity(it, w, t);

    int np = u.touch(it.index, w, config.weights().code(type), kindWeights, config.historySize(), partners,
        evicted);
    if (evicted[0] >= 0) {
      // The user's vector no longer holds the dropped item; left in its ring, the user would still
      // be found through it, and user-CF would count a shared item the cosine's norm no longer has.
      ItemNode gone = node(evicted[0]);
      if (gone != null) {
        gone.removeUser(u);
        if (ch != null) {
          ch.items.add(gone.id);
        }
      }
    }
    it.touchUser(u, u.weightOf(it.index), config.itemUsers());
    if (np >= 0) {
      it.userCount++;
      cooccur(it, np);
    }
  }

  private ItemNode itemNode(String id) {
    ItemNode it = items.get(id);
    if (it == null) {
      it = newItem(id);
    }
    return it;
  }

  private ItemNode newItem(String id) {
    ItemNode it = new ItemNode(nextItem++, id);
    ItemNode[] arr = itemArray;
    if (it.index >= arr.length) {
      arr = Arrays.copyOf(arr, arr.length * 2);
    }
    arr[it.index] = it;
    itemArray = arr; // volatile write publishes the slot
    items.put(id, it);
    return it;
  }

  private void addPopularity(ItemNode it, float w, long t) {
    long h = config.popularityHalfLife().toMillis();
    if (popularityRef == Long.MIN_VALUE) {
      popularityRef = t;
    }
    double exponent = (double) (t - popularityRef) / h;
    if (exponent > MAX_EXPONENT) {
      rescalePopularity(t);
      exponent = 0;
    }
    it.popularity = it.popularity + w * Math.pow(2, exponent);
    global.offer(it.index, it.popularity);
    String c = it.category;
    if (c != null) {
      byCategory.computeIfAbsent(c, k -> new TopScores(TOP_CAPACITY)).offer(it.index, it.popularity);
    }
  }

  private void rescalePopularity(long newRef) {
    double factor = Math.pow(2, -(double) (newRef - popularityRef) / config.popularityHalfLife().toMillis());
    ItemNode[] arr = itemArray;
    for (int i = 0; i < nextItem; i++) {
      if (arr[i] != null) {
        arr[i].popularity *= factor;
      }
    }
    global.rescale(factor);
    byCategory.values().forEach(s -> s.rescale(factor));
    popularityRef = newRef;
    if (changes != null) {
      changes.everything = true; // every item's stored popularity changed
    }
  }

  private void cooccur(ItemNode it, int np) {
    int k = config.itemNeighbours();
    int cap = config.cooccurrenceCap();
    ItemNode[] arr = itemArray;
    for (int p = 0; p < np; p++) {
      ItemNode other = arr[partners[p]];
      if (other == null || other.removed || other == it) {
        continue;
      }
      int c1 = it.addCooccurrence(other.index, 1);
      int c2 = other.addCooccurrence(it.index, 1);
      it.offer(other.index, c1, cosine(c1, it.userCount, other.userCount), k, simOf(it));
      other.offer(it.index, c2, cosine(c2, other.userCount, it.userCount), k, simOf(other));
      other.trimCooccurrence(cap);
      if (changes != null) {
        changes.items.add(other.id);
      }
    }
    it.trimCooccurrence(cap);
    if (it.userCount >= it.userCountAtRebuild + Math.max(1, it.userCountAtRebuild / 4)) {
      rebuildNeighbours(it);
    }
  }

  private ItemNode.SimilarityOf simOf(ItemNode it) {
    return (item, count) -> {
      ItemNode o = node(item);
      return o == null ? Double.NEGATIVE_INFINITY : cosine(count, it.userCount, o.userCount);
    };
  }

  static double cosine(int co, int na, int nb) {
    if (co <= 0 || na <= 0 || nb <= 0) {
      return 0;
    }
    return Math.min(1.0, co / Math.sqrt((double) na * nb));
  }

  /** Recomputes {@code it}'s neighbour list from its whole co-occurrence row (writer). */
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
      ItemNode o = node(e.getIntKey());
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
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(sims[b], sims[a]);
      return c != 0 ? c : Integer.compare(ids[a], ids[b]);
    });
    int keep = Math.min(k, config.itemNeighbours());
    // headroom for the neighbours the next events offer: without it every rebuild (frequent while an
    // item is young) was followed by array copies on the next offers, the top cost of applying events
    int room = Math.min(config.itemNeighbours(), Math.max(4, keep * 2));
    int[] nIds = new int[room];
    int[] nCounts = new int[room];
    for (int i = 0; i < keep; i++) {
      nIds[i] = ids[order[i]];
      nCounts[i] = counts[order[i]];
    }
    it.replaceNeighbours(nIds, nCounts, keep);
  }

  // ---------------------------------------------------------------- reads (any thread)

  /** Users with a history. */
  public int users() {
    return users.size();
  }

  /** Items with at least one interaction. */
  public int items() {
    return items.size();
  }

  /** Interaction events applied since this state was created or loaded. */
  public long interactions() {
    return interactions;
  }

  /** The newest interaction's event time, or {@link Long#MIN_VALUE}. */
  public long newestMillis() {
    return newestMillis;
  }

  /** Whether the user has interacted with anything. */
  public boolean knowsUser(String userId) {
    return users.containsKey(userId);
  }

  /** Whether the item has had interactions. */
  public boolean knowsItem(String itemId) {
    return items.containsKey(itemId);
  }

  /** The category last seen in the item's events, or null. */
  @Override
  public String eventCategory(String itemId) {
    ItemNode it = items.get(itemId);
    return it == null ? null : it.category;
  }

  /** A copy of the user's history, or empty for an unknown user. */
  public Optional<UserHistory> history(String userId) {
    UserNode u = users.get(userId);
    if (u == null) {
      return Optional.empty();
    }
    return Optional.of(toHistory(u, u.copy()));
  }

  UserHistory toHistory(UserNode u, UserNode.History h) {
    List<String> ids = new ArrayList<>(h.size());
    List<String> types = new ArrayList<>(h.size());
    float[] ws = new float[h.size()];
    int k = 0;
    for (int i = 0; i < h.size(); i++) {
      ItemNode it = node(h.items()[i]);
      if (it == null) {
        continue;
      }
      ids.add(it.id);
      ws[k++] = h.weights()[i];
      String type = config.weights().type(h.kinds()[i]);
      types.add(type == null ? "interaction" : type);
    }
    return new UserHistory(u.id, ids, Arrays.copyOf(ws, k), types);
  }

  /**
   * The item's popularity now (at the newest event time): time-decayed summed interaction weights.
   * 0 for an unknown item.
   */
  @Override
  public double popularity(String itemId) {
    ItemNode it = items.get(itemId);
    return it == null ? 0 : decayed(it);
  }

  double decayed(ItemNode it) {
    long ref = popularityRef;
    long now = newestMillis;
    if (ref == Long.MIN_VALUE) {
      return 0;
    }
    return it.popularity * Math.pow(2, -(double) (now - ref) / config.popularityHalfLife().toMillis());
  }

  /**
   * The most popular items, best first (ties: first seen first), global or in {@code category}
   * (the category carried by the item's events), at most {@value #TOP_CAPACITY} scanned.
   */
  @Override
  public List<String> popular(String category, int n, Predicate<String> filter) {
    TopScores scope = category == null ? global : byCategory.get(category);
    if (scope == null) {
      return List.of();
    }
    int[] top = scope.top(n, i -> {
      ItemNode it = node(i);
      return it != null && filter.test(it.id);
    });
    List<String> out = new ArrayList<>(top.length);
    for (int i : top) {
      ItemNode it = node(i);
      if (it != null) {
        out.add(it.id);
      }
    }
    return out;
  }

  @Override
  public UserFacts user(String userId) {
    UserNode u = users.get(userId);
    if (u == null) {
      return null;
    }
    UserNode.History h = u.copy();
    List<String> ids = new ArrayList<>(h.size());
    float[] ws = new float[h.size()];
    byte[] ks = new byte[h.size()];
    int k = 0;
    for (int i = 0; i < h.size(); i++) {
      ItemNode it = node(h.items()[i]);
      if (it != null) {
        ids.add(it.id);
        ws[k] = h.weights()[i];
        ks[k++] = h.kinds()[i];
      }
    }
    return new UserFacts(u.index, ids, Arrays.copyOf(ws, k), Arrays.copyOf(ks, k), h.norm());
  }

  @Override
  public double userNorm(String userId) {
    UserNode u = users.get(userId);
    return u == null ? Double.NaN : u.norm();
  }

  @Override
  public long userOrdinal(String userId) {
    UserNode u = users.get(userId);
    return u == null ? -1 : u.index;
  }

  @Override
  public int userCount(String itemId) {
    ItemNode it = items.get(itemId);
    return it == null ? -1 : it.userCount;
  }

  @Override
  public long itemOrdinal(String itemId) {
    ItemNode it = items.get(itemId);
    return it == null ? -1 : it.index;
  }

  @Override
  public Neighbours neighbours(String itemId) {
    ItemNode it = items.get(itemId);
    if (it == null) {
      return null;
    }
    int[][] nb = it.neighbours();
    List<String> ids = new ArrayList<>(nb[0].length);
    int[] counts = new int[nb[0].length];
    int k = 0;
    for (int i = 0; i < nb[0].length; i++) {
      ItemNode o = node(nb[0][i]);
      if (o != null) {
        ids.add(o.id);
        counts[k++] = nb[1][i];
      }
    }
    return new Neighbours(ids, Arrays.copyOf(counts, k));
  }

  @Override
  public Ring ring(String itemId, int max) {
    ItemNode it = items.get(itemId);
    if (it == null) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    float[][] ws = {new float[Math.min(max, 16)]};
    it.forEachUser(max, (u, w) -> {
      if (ids.size() == ws[0].length) {
        ws[0] = Arrays.copyOf(ws[0], ws[0].length * 2);
      }
      ws[0][ids.size()] = w;
      ids.add(u.id);
    });
    return new Ring(ids, Arrays.copyOf(ws[0], ids.size()));
  }

  /** Ids of every known user (writer thread, for copying the whole state). */
  Iterable<String> userIds() {
    return new ArrayList<>(users.keySet());
  }

  /** Ids of every known item (writer thread). */
  Iterable<String> itemIds() {
    return new ArrayList<>(items.keySet());
  }

  /** Every category with a popularity list (writer thread). */
  Iterable<String> categoryIds() {
    return new ArrayList<>(byCategory.keySet());
  }

  /** The popularity reference time of the growth form (see the class comment), or Long.MIN_VALUE. */
  public long popularityRef() {
    return popularityRef;
  }

  /** The item's popularity in growth form, NaN for an unknown item (for copies of the state). */
  public double growthPopularity(String itemId) {
    ItemNode it = items.get(itemId);
    return it == null ? Double.NaN : it.popularity;
  }

  /** Every item of a popularity list, best first: global ({@code category} null) or of one category. */
  public List<String> popularList(String category) {
    return popular(category, TOP_CAPACITY, i -> true);
  }

  UserNode userNode(String id) {
    return users.get(id);
  }

  ItemNode itemNode(int index) {
    return node(index);
  }

  ItemNode itemNodeById(String id) {
    return items.get(id);
  }

  private ItemNode node(int index) {
    ItemNode[] arr = itemArray;
    if (index < 0 || index >= arr.length) {
      return null;
    }
    ItemNode it = arr[index];
    return it == null || it.removed ? null : it;
  }

  // ---------------------------------------------------------------- maintenance (writer)

  /**
   * Forgets users and items whose newest event is older than {@code nowMillis - idle-ttl} (writer).
   *
   * @return users and items forgotten
   */
  public int sweepIdle(long nowMillis) {
    long cutoff = nowMillis - config.idleTtl().toMillis();
    int dropped = 0;
    for (var iter = users.values().iterator(); iter.hasNext(); ) {
      UserNode u = iter.next();
      if (u.lastMillis < cutoff) {
        u.removed = true;
        if (changes != null) {
          changes.users.add(u.id);
        }
        iter.remove();
        dropped++;
      }
    }
    ItemNode[] arr = itemArray;
    for (var iter = items.values().iterator(); iter.hasNext(); ) {
      ItemNode it = iter.next();
      if (it.lastMillis < cutoff) {
        it.removed = true;
        if (changes != null) {
          changes.items.add(it.id);
          changes.global = true;
          if (it.category != null) {
            changes.categories.add(it.category);
          }
        }
        global.remove(it.index);
        if (it.category != null && byCategory.containsKey(it.category)) {
          byCategory.get(it.category).remove(it.index);
        }
        arr[it.index] = null;
        iter.remove();
        dropped++;
      }
    }
    return dropped;
  }

  // ---------------------------------------------------------------- binary form (writer)

  /**
   * Writes the versioned binary form (writer thread, or no writer running). Indexes are renumbered
   * densely in first-seen order, so two states built from the same events write the same bytes.
   */
  public void writeTo(BinaryWriter w) {
    w.writeInt(MAGIC).writeByte(VERSION);
    w.writeLong(popularityRef).writeLong(newestMillis).writeLong(interactions);
    ItemNode[] arr = itemArray;
    int[] dense = new int[nextItem];
    Arrays.fill(dense, -1);
    List<ItemNode> live = new ArrayList<>();
    for (int i = 0; i < nextItem; i++) {
      ItemNode it = arr[i];
      if (it != null && !it.removed) {
        dense[i] = live.size();
        live.add(it);
      }
    }
    List<UserNode> liveUsers = new ArrayList<>(users.values());
    liveUsers.sort((a, b) -> Integer.compare(a.index, b.index));
    // Primitive maps and sorts below, not boxed pairs: this runs on the writer thread, which stops
    // applying interactions meanwhile, so its cost is a stall of ingestion (bench recovery). UserNode
    // keeps Object's identity equals and hashCode, so this map is by identity.
    Object2IntOpenHashMap<UserNode> userDense = new Object2IntOpenHashMap<>(liveUsers.size());
    userDense.defaultReturnValue(-1);
    for (int i = 0; i < liveUsers.size(); i++) {
      userDense.put(liveUsers.get(i), i);
    }
    w.writeVarLong(live.size());
    long[] pairs = new long[16];
    for (ItemNode it : live) {
      w.writeString(it.id);
      writeNullable(w, it.category);
      w.writeLong(it.lastMillis).writeVarLong(it.userCount).writeVarLong(it.userCountAtRebuild);
      w.writeDouble(it.popularity);
      int n = 0;
      if (it.cooccurrence != null) {
        pairs = ensure(pairs, it.cooccurrence.size());
        for (Int2IntMap.Entry e : it.cooccurrence.int2IntEntrySet()) {
          int d = e.getIntKey() < dense.length ? dense[e.getIntKey()] : -1;
          if (d >= 0) {
            pairs[n++] = pair(d, e.getIntValue());
          }
        }
      }
      writePairsByKey(w, pairs, n);
      int[][] nb = it.neighbours();
      pairs = ensure(pairs, nb[0].length);
      n = 0;
      for (int i = 0; i < nb[0].length; i++) {
        int d = dense[nb[0][i]];
        if (d >= 0) {
          pairs[n++] = pair(d, nb[1][i]);
        }
      }
      writePairsByKey(w, pairs, n);
    }
    w.writeVarLong(liveUsers.size());
    for (UserNode u : liveUsers) {
      UserNode.History h = u.copy();
      w.writeString(u.id).writeLong(u.lastMillis);
      int n = 0;
      for (int i = 0; i < h.size(); i++) {
        if (dense[h.items()[i]] >= 0) {
          n++;
        }
      }
      w.writeVarLong(n);
      for (int i = 0; i < h.size(); i++) {
        int d = dense[h.items()[i]];
        if (d >= 0) {
          w.writeVarLong(d).writeInt(Float.floatToIntBits(h.weights()[i])).writeByte(h.kinds()[i]);
        }
      }
    }
    int[] ringUsers = new int[16];
    float[] ringWeights = new float[16];
    for (ItemNode it : live) {
      int[] count = {0};
      int[][] users = {ringUsers};
      float[][] weights = {ringWeights};
      it.forEachUser(Integer.MAX_VALUE, (u, wt) -> {
        int d = userDense.getInt(u);
        if (d >= 0) {
          if (count[0] == users[0].length) {
            users[0] = Arrays.copyOf(users[0], count[0] * 2);
            weights[0] = Arrays.copyOf(weights[0], count[0] * 2);
          }
          users[0][count[0]] = d;
          weights[0][count[0]++] = wt;
        }
      });
      ringUsers = users[0];
      ringWeights = weights[0];
      w.writeVarLong(count[0]);
      for (int i = 0; i < count[0]; i++) {
        w.writeVarLong(ringUsers[i]).writeInt(Float.floatToIntBits(ringWeights[i]));
      }
    }
  }

  /** A (key ≥ 0, value) pair packed so that sorting the longs sorts by key (keys are distinct). */
  private static long pair(int key, int value) {
    return ((long) key << 32) | (value & 0xFFFF_FFFFL);
  }

  private static long[] ensure(long[] a, int n) {
    return a.length >= n ? a : new long[Math.max(n, a.length * 2)];
  }

  /** {@code varint n | (varint key | varint value)*} in ascending key order. */
  private static void writePairsByKey(BinaryWriter w, long[] pairs, int n) {
    Arrays.sort(pairs, 0, n);
    w.writeVarLong(n);
    for (int i = 0; i < n; i++) {
      w.writeVarLong((int) (pairs[i] >>> 32)).writeVarLong((int) pairs[i]);
    }
  }

  private static void writeNullable(BinaryWriter w, String s) {
    w.writeBoolean(s != null);
    if (s != null) {
      w.writeString(s);
    }
  }

  /**
   * Reads a state written by {@link #writeTo}; the caps of {@code config} apply from now on (a
   * smaller cap trims at the next update of each list).
   *
   * @throws CorruptDataException on a bad magic, unknown version or truncated input
   */
  public static RecoState read(BinaryReader r, RecoConfig config) {
    if (r.readInt() != MAGIC) {
      throw new CorruptDataException("not a recommendation state (bad magic)");
    }
    int version = r.readByte();
    if (version != VERSION) {
      throw new CorruptDataException("unknown recommendation state version " + version);
    }
    RecoState s = new RecoState(config);
    s.popularityRef = r.readLong();
    s.newestMillis = r.readLong();
    s.interactions = r.readLong();
    int nItems = r.readLength(r.remaining());
    ItemNode[] nodes = new ItemNode[nItems];
    Set<String> collidedItems = new HashSet<>(0);
    for (int i = 0; i < nItems; i++) {
      String id = r.readString();
      if (s.items.containsKey(id)) {
        collided(id, "item", collidedItems);
      }
      ItemNode it = s.newItem(id);
      nodes[i] = it;
      it.category = r.readBoolean() ? r.readString() : null;
      it.lastMillis = r.readLong();
      it.userCount = (int) r.readVarLong();
      it.userCountAtRebuild = (int) r.readVarLong();
      it.popularity = r.readDouble();
      int co = r.readLength(r.remaining());
      for (int k = 0; k < co; k++) {
        int other = (int) r.readVarLong();
        int count = (int) r.readVarLong();
        checkIndex(other, nItems);
        it.addCooccurrence(other, count);
      }
      int nb = r.readLength(r.remaining());
      int[] ids = new int[nb];
      int[] counts = new int[nb];
      for (int k = 0; k < nb; k++) {
        ids[k] = (int) r.readVarLong();
        counts[k] = (int) r.readVarLong();
        checkIndex(ids[k], nItems);
      }
      it.replaceNeighbours(ids, counts, nb);
    }
    int nUsers = r.readLength(r.remaining());
    UserNode[] us = new UserNode[nUsers];
    int[][] sortedHistories = new int[nUsers][]; // to drop ring entries older versions left behind
    Set<String> collidedUsers = new HashSet<>(0);
    for (int i = 0; i < nUsers; i++) {
      UserNode u = new UserNode(s.nextUser++, r.readString());
      if (s.users.containsKey(u.id)) {
        collided(u.id, "user", collidedUsers);
      }
      u.lastMillis = r.readLong();
      int n = r.readLength(r.remaining());
      int[] its = new int[n];
      float[] ws = new float[n];
      byte[] ks = new byte[n];
      for (int k = 0; k < n; k++) {
        its[k] = (int) r.readVarLong();
        checkIndex(its[k], nItems);
        ws[k] = Float.intBitsToFloat(r.readInt());
        ks[k] = (byte) r.readByte();
      }
      u.restore(its, ws, ks);
      sortedHistories[i] = its.clone();
      Arrays.sort(sortedHistories[i]);
      us[i] = u;
      s.users.put(u.id, u);
    }
    for (UserNode u : us) {
      if (collidedUsers.contains(u.id)) {
        u.removed = true;
        s.users.remove(u.id);
      }
    }
    for (int i = 0; i < nItems; i++) {
      int n = r.readLength(r.remaining());
      UserNode[] ring = new UserNode[n];
      float[] ws = new float[n];
      int kept = 0;
      for (int k = 0; k < n; k++) {
        int ui = (int) r.readVarLong();
        checkIndex(ui, nUsers);
        float wt = Float.intBitsToFloat(r.readInt());
        // Snapshots written before evictions left the rings could list a user whose history no
        // longer holds the item; such an entry is stale evidence for user-CF, so it is dropped.
        if (!us[ui].removed && Arrays.binarySearch(sortedHistories[ui], i) >= 0) {
          ring[kept] = us[ui];
          ws[kept++] = wt;
        }
      }
      nodes[i].restoreUsers(Arrays.copyOf(ring, kept), Arrays.copyOf(ws, kept));
    }
    for (ItemNode it : nodes) {
      if (collidedItems.contains(it.id)) {
        it.removed = true;
        s.itemArray[it.index] = null;
        s.items.remove(it.id);
        continue;
      }
      s.global.offer(it.index, it.popularity);
      if (it.category != null) {
        s.byCategory.computeIfAbsent(it.category, k -> new TopScores(TOP_CAPACITY)).offer(it.index, it.popularity);
      }
    }
    return s;
  }

  /**
   * Records that {@code id} was read twice: damage, unless an old writer stored ids that differed by
   * an unpaired surrogate as one {@code ?} id ({@link LegacyIds}). Then every node of that id is
   * forgotten, as an idle sweep would: which history belongs to the id that remains cannot be told,
   * and recommendation state is rebuilt by the id's next events.
   */
  private static void collided(String id, String what, Set<String> collided) {
    if (id.indexOf('?') < 0) {
      throw new CorruptDataException("recommendation state lists " + what + " \"" + id + "\" twice");
    }
    collided.add(id);
  }

  private static void checkIndex(int i, int n) {
    if (i < 0 || i >= n) {
      throw new CorruptDataException("recommendation state refers to index " + i + " of " + n);
    }
  }
}
