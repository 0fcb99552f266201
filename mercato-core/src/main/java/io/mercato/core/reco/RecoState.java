package io.mercato.core.reco;

import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
 *
 * <h2>Parts</h2>
 * This class composes the state's parts and routes each interaction through them:
 * {@link UserHistories} (per-user histories), {@link ItemRings} (items with their recent-user rings),
 * {@link Cooccurrence} (co-occurrence rows and neighbour lists), {@link Popularity} (decayed scores
 * and top sets) and {@link RecoStateCodec} (the binary form). Each keeps the primitive arrays and
 * maps of its {@link UserNode}s and {@link ItemNode}s; no part adds an object per entry.
 */
public final class RecoState implements RecoView {
  /** Items kept per popularity scope. */
  public static final int TOP_CAPACITY = 1000;

  private final RecoConfig config;
  private final float[] kindWeights;
  final UserHistories users = new UserHistories();
  final ItemRings items = new ItemRings();
  final Popularity popularity;
  private final Cooccurrence cooccurrence;
  private final int[] evicted = new int[1]; // writer scratch: the item a history dropped
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
    this.popularity = new Popularity(config, items);
    this.cooccurrence = new Cooccurrence(config, items);
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
   * Folds one event in (writer thread only). Events that are not interactions
   * ({@link InteractionWeights#isInteraction}) change nothing.
   */
  public void apply(Event e) {
    if (!config.weights().isInteraction(e)) {
      return;
    }
    String type = e.type();
    float w = config.weights().weight(type);
    long t = e.timestampMillis();
    UserNode u = users.getOrCreate(e.userId());
    ItemNode it = items.getOrCreate(e.itemId());
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
    popularity.recategorise(it, e.category());
    if (popularity.add(it, w, t) && ch != null) {
      ch.everything = true; // every item's stored popularity changed
    }

    int np =
        u.touch(
            it.index,
            w,
            config.weights().code(type),
            kindWeights,
            config.historySize(),
            cooccurrence.partners,
            evicted);
    if (evicted[0] >= 0) {
      // The user's vector no longer holds the dropped item; left in its ring, the user would still
      // be found through it, and user-CF would count a shared item the cosine's norm no longer has.
      ItemNode gone = items.node(evicted[0]);
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
      cooccurrence.record(it, np, ch == null ? other -> {} : other -> ch.items.add(other.id));
    }
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

  /** Sets the counters of a stored state ({@link RecoStateCodec}). */
  void restoreCounters(long newestMillis, long interactions) {
    this.newestMillis = newestMillis;
    this.interactions = interactions;
  }

  /** Whether the user has interacted with anything. */
  public boolean knowsUser(String userId) {
    return users.contains(userId);
  }

  /** Whether the item has had interactions. */
  public boolean knowsItem(String itemId) {
    return items.contains(itemId);
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
      ItemNode it = items.node(h.items()[i]);
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
    return popularity.decayed(it, newestMillis);
  }

  /**
   * The most popular items, best first (ties: first seen first), global or in {@code category}
   * (the category carried by the item's events), at most {@value #TOP_CAPACITY} scanned.
   */
  @Override
  public List<String> popular(String category, int n, Predicate<String> filter) {
    return popularity.popular(category, n, filter);
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
      ItemNode it = items.node(h.items()[i]);
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
    return cooccurrence.neighbours(itemId);
  }

  @Override
  public Ring ring(String itemId, int max) {
    return items.ring(itemId, max);
  }

  /** Ids of every known user (writer thread, for copying the whole state). */
  Iterable<String> userIds() {
    return users.ids();
  }

  /** Ids of every known item (writer thread). */
  Iterable<String> itemIds() {
    return items.ids();
  }

  /** Every category with a popularity list (writer thread). */
  Iterable<String> categoryIds() {
    return popularity.categories();
  }

  /** The popularity reference time of the growth form (see the class comment), or Long.MIN_VALUE. */
  public long popularityRef() {
    return popularity.ref();
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
    return items.node(index);
  }

  ItemNode itemNodeById(String id) {
    return items.get(id);
  }

  // ---------------------------------------------------------------- maintenance (writer)

  /**
   * Forgets users and items whose newest event is older than {@code nowMillis - idle-ttl} (writer).
   *
   * @return users and items forgotten
   */
  public int sweepIdle(long nowMillis) {
    long cutoff = nowMillis - config.idleTtl().toMillis();
    RecoChanges ch = changes;
    int dropped =
        users.sweep(
            cutoff,
            u -> {
              if (ch != null) {
                ch.users.add(u.id);
              }
            });
    dropped +=
        items.sweep(
            cutoff,
            it -> {
              if (ch != null) {
                ch.items.add(it.id);
                ch.global = true;
                if (it.category != null) {
                  ch.categories.add(it.category);
                }
              }
              popularity.forget(it);
            });
    return dropped;
  }

  // ---------------------------------------------------------------- binary form (writer)

  /**
   * Writes the versioned binary form ({@link RecoStateCodec}; writer thread, or no writer running).
   * Indexes are renumbered densely in first-seen order, so two states built from the same events
   * write the same bytes.
   */
  public void writeTo(BinaryWriter w) {
    RecoStateCodec.write(this, w);
  }

  /**
   * Reads a state written by {@link #writeTo}; the caps of {@code config} apply from now on (a
   * smaller cap trims at the next update of each list).
   *
   * @throws CorruptDataException on a bad magic, unknown version or truncated input
   */
  public static RecoState read(BinaryReader r, RecoConfig config) {
    return RecoStateCodec.read(r, config);
  }
}
