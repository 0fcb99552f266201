package io.mercato.core.reco;

import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A read-only {@link RecoView} over the keyed values {@link RecoServingForms} describes, as a cluster
 * API node reads them from Redis: the same numbers as the writer's {@link RecoState}, so
 * {@link RecommendationService} over this view answers exactly as over the state, up to what the
 * writer has not flushed yet.
 *
 * <p><b>Request-scoped.</b> Open one per request: every value read is cached for the view's life, so
 * one answer is computed from one consistent-enough copy and no key is read twice. Values are read
 * lazily one key at a time on a miss; {@link #prepare} reads in bulk, up front, what a strategy is
 * going to ask for (a few multi-key reads instead of thousands of single ones):
 * <ul>
 *   <li>every strategy: the meta key (opening), the user's history, the popularity list of the scope
 *       asked for and the numbers of its first items, the numbers of items to re-rank;</li>
 *   <li>item_cf: the links of the history's items, then the numbers of those items and of all their
 *       neighbours — O(history × item-neighbours) small values, as the embedded engine reads;</li>
 *   <li>user_cf: the links of the history's items, the histories of every user in their rings
 *       (O(history × item-users) values: the candidates' norms), then the numbers of the items in
 *       those histories (capped at {@value #MAX_PREFETCH} keys, the rest read on demand).</li>
 * </ul>
 * Thread-safe (the cache is concurrent), though one request uses it from one thread.
 */
public final class ServingRecoView implements RecoView {
  /** Most keys one bulk read of {@link #prepare} asks for; beyond it values are read when needed. */
  public static final int MAX_PREFETCH = 20_000;

  private static final Object ABSENT = new Object();

  /** Reads the present keys among {@code keys} (absent ones left out). */
  @FunctionalInterface
  public interface Fetch {
    Map<StateKey, byte[]> read(Collection<StateKey> keys);
  }

  private final RecoConfig config;
  private final Fetch fetch;
  private final RecoServingForms.Meta meta;
  private final Map<StateKey, Object> cache = new ConcurrentHashMap<>();

  private ServingRecoView(RecoConfig config, Fetch fetch, RecoServingForms.Meta meta) {
    this.config = config;
    this.fetch = fetch;
    this.meta = meta;
  }

  /**
   * Opens a view: reads the meta key now (no meta key: nothing was written yet, an empty state).
   *
   * @param config the writer's configuration (weights, sizes, half-life): it must be the same
   */
  public static ServingRecoView open(RecoConfig config, Fetch fetch) {
    byte[] m = fetch.read(List.of(RecoServingForms.META)).get(RecoServingForms.META);
    return new ServingRecoView(
        config,
        fetch,
        m == null
            ? new RecoServingForms.Meta(Long.MIN_VALUE, Long.MIN_VALUE, 0, List.of())
            : RecoServingForms.readMeta(m));
  }

  /** The stream-wide numbers this view was opened with. */
  public RecoServingForms.Meta meta() {
    return meta;
  }

  /**
   * Reads in bulk what answering {@code strategy} for {@code userId} will ask for (see the class
   * comment). Optional: without it the same answer comes from single reads.
   *
   * @param userId   the user, or null (similar items)
   * @param category the category asked for, or null
   * @param n        how many items are asked for
   * @param items    items to re-rank, or empty
   */
  public void prepare(
      String userId, Strategy strategy, String category, int n, Collection<String> items) {
    Set<String> itemNumbers = new LinkedHashSet<>(items);
    List<String> top = category == null ? meta.globalTop() : topList(category);
    itemNumbers.addAll(top.subList(0, Math.min(top.size(), 2 * n + 10)));
    UserFacts h = userId == null ? null : user(userId);
    if (h != null && strategy != Strategy.POPULAR) {
      prefetch(StateKind.RECO_LINKS, h.items());
      itemNumbers.addAll(h.items());
      if (strategy == Strategy.ITEM_CF || strategy == Strategy.AUTO) {
        for (String i : h.items()) {
          Neighbours nb = neighbours(i);
          if (nb != null) {
            itemNumbers.addAll(nb.items());
          }
        }
      }
      if (strategy == Strategy.USER_CF || strategy == Strategy.AUTO) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String i : h.items()) {
          Ring r = ring(i, config.itemUsers());
          if (r != null) {
            candidates.addAll(r.users());
          }
        }
        prefetch(StateKind.RECO_USER, candidates);
        for (String c : candidates) {
          UserFacts f = cachedUser(c);
          if (f != null && itemNumbers.size() < MAX_PREFETCH) {
            itemNumbers.addAll(f.items());
          }
        }
      }
    }
    prefetch(StateKind.RECO_ITEM, itemNumbers);
  }

  /** Reads the values of {@code ids} of {@code kind} not cached yet, in bulks of at most {@value #MAX_PREFETCH}. */
  public void prefetch(StateKind kind, Collection<String> ids) {
    List<StateKey> missing = new ArrayList<>();
    for (String id : ids) {
      StateKey k = new StateKey(kind, id);
      if (!cache.containsKey(k)) {
        missing.add(k);
      }
      if (missing.size() == MAX_PREFETCH) {
        load(missing);
        missing = new ArrayList<>();
      }
    }
    load(missing);
  }

  private void load(List<StateKey> keys) {
    if (keys.isEmpty()) {
      return;
    }
    Map<StateKey, byte[]> got = fetch.read(keys);
    for (StateKey k : keys) {
      byte[] b = got.get(k);
      cache.put(k, b == null ? ABSENT : decode(k.kind(), b));
    }
  }

  private static Object decode(StateKind kind, byte[] b) {
    return switch (kind) {
      case RECO_USER -> RecoServingForms.readUser(b);
      case RECO_ITEM -> RecoServingForms.readItem(b);
      case RECO_LINKS -> RecoServingForms.readLinks(b);
      case RECO_TOP -> RecoServingForms.readTop(b);
      default -> throw new IllegalArgumentException("not a recommendation value kind: " + kind);
    };
  }

  private Object get(StateKind kind, String id) {
    StateKey k = new StateKey(kind, id);
    Object v = cache.get(k);
    if (v == null) {
      load(List.of(k));
      v = cache.get(k);
    }
    return v == ABSENT ? null : v;
  }

  private UserFacts cachedUser(String id) {
    Object v = cache.get(new StateKey(StateKind.RECO_USER, id));
    return v instanceof UserFacts f ? f : null;
  }

  private RecoServingForms.Item item(String id) {
    return (RecoServingForms.Item) get(StateKind.RECO_ITEM, id);
  }

  private RecoServingForms.Links links(String id) {
    return (RecoServingForms.Links) get(StateKind.RECO_LINKS, id);
  }

  @SuppressWarnings("unchecked")
  private List<String> topList(String category) {
    List<String> l = (List<String>) get(StateKind.RECO_TOP, category);
    return l == null ? List.of() : l;
  }

  @Override
  public RecoConfig config() {
    return config;
  }

  @Override
  public UserFacts user(String userId) {
    return (UserFacts) get(StateKind.RECO_USER, userId);
  }

  @Override
  public double userNorm(String userId) {
    UserFacts f = user(userId);
    return f == null ? Double.NaN : f.norm();
  }

  @Override
  public long userOrdinal(String userId) {
    UserFacts f = user(userId);
    return f == null ? -1 : f.ordinal();
  }

  @Override
  public int userCount(String itemId) {
    RecoServingForms.Item it = item(itemId);
    return it == null ? -1 : it.userCount();
  }

  @Override
  public long itemOrdinal(String itemId) {
    RecoServingForms.Item it = item(itemId);
    return it == null ? -1 : it.ordinal();
  }

  @Override
  public Neighbours neighbours(String itemId) {
    RecoServingForms.Links l = links(itemId);
    return l == null ? null : l.neighbours();
  }

  @Override
  public Ring ring(String itemId, int max) {
    RecoServingForms.Links l = links(itemId);
    if (l == null) {
      return null;
    }
    Ring r = l.ring();
    if (r.size() <= max) {
      return r;
    }
    return new Ring(r.users().subList(0, max), Arrays.copyOf(r.weights(), max));
  }

  /** As {@link RecoState#popularity}: the growth form decayed from the reference to the newest event time. */
  @Override
  public double popularity(String itemId) {
    RecoServingForms.Item it = item(itemId);
    if (it == null || meta.popularityRef() == Long.MIN_VALUE) {
      return 0;
    }
    return it.popularity()
        * Math.pow(
            2,
            -(double) (meta.newestMillis() - meta.popularityRef())
                / config.popularityHalfLife().toMillis());
  }

  @Override
  public String eventCategory(String itemId) {
    RecoServingForms.Item it = item(itemId);
    return it == null ? null : it.category();
  }

  @Override
  public List<String> popular(String category, int n, Predicate<String> filter) {
    List<String> list = category == null ? meta.globalTop() : topList(category);
    List<String> out = new ArrayList<>(Math.min(n, list.size()));
    for (String id : list) {
      if (out.size() == n) {
        break;
      }
      if (item(id) != null && filter.test(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
