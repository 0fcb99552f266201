package io.mercato.engine.shard;

import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.agg.KeyState;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.runtime.Scope;
import io.mercato.core.sampling.EventReservoir;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.state.RoutingPlan;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.core.trending.TrendingCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * Everything one shard holds, built only from the events routed to it (by {@code user_id}).
 * Per-user state lives in exactly one shard; item, category, ad, campaign and global scopes are
 * partial in every shard and merged on read (all of them merge exactly, or within their sketch
 * bounds). Confined to the shard's thread (or the recovery thread before the shards start).
 *
 * <pre>
 * v2: byte 2 | EventTypeCounts allTime | WindowedCounts global | Keyed item, category KeyState
 *     | Keyed ad counts | Keyed campaign KeyState | Keyed user profiles
 *     | varint composites | (string name | Keyed counts)* | WindowedDistinct global
 *     | ValueQuantiles global | WindowedTopItems global | EventReservoir
 * v1: byte 1 | EventTypeCounts — still read: the windowed state starts empty
 * </pre>
 */
public final class ShardState {
  static final int VERSION = 2;
  private final StateShape shape;
  private final EventTypeCounts allTime = new EventTypeCounts();
  private final WindowedCounts global;
  final Keyed<KeyState> items;
  final Keyed<KeyState> categories;
  final Keyed<WindowedCounts> ads;
  final Keyed<KeyState> campaigns;
  final Keyed<UserProfile> users;
  final Map<String, Keyed<WindowedCounts>> composites = new LinkedHashMap<>();

  /** Which aggregates an event updates: core's rule, shared with the cluster runtime's fan-out. */
  private final RoutingPlan plan;

  private final Targets targets = new Targets();
  // The composite states as an array in the plan's order: the plan names a composite by its index.
  private final Keyed<?>[] compositeStates;

  /** The user hash of the event being applied: computed once for the four distinct-user scopes. */
  private long userHash;

  private final WindowedDistinct globalUsers;
  private final ValueQuantiles globalValues = new ValueQuantiles();
  private final WindowedTopItems trending;
  private EventReservoir reservoir;

  /** Shares item and category id strings among this shard's profiles. */
  private final IdPool ids = new IdPool(1_000_000);

  /** An empty state of the given shape. */
  public ShardState(StateShape shape) {
    this.shape = shape;
    Windows w = shape.windows();
    this.global = new WindowedCounts(w);
    this.items = new Keyed<>(() -> new KeyState(w, false, false, true));
    this.categories = new Keyed<>(() -> new KeyState(w, true, false));
    this.ads = new Keyed<>(() -> new WindowedCounts(w));
    this.campaigns = new Keyed<>(() -> new KeyState(w, false, true));
    this.users = new Keyed<>(() -> new UserProfile(shape.profile(), w, ids));
    for (CompositeKey k : shape.composites()) {
      composites.put(k.name(), new Keyed<>(() -> new WindowedCounts(w)));
    }
    this.plan = new RoutingPlan(shape.composites());
    this.compositeStates = new Keyed<?>[plan.composites().size()];
    for (int i = 0; i < compositeStates.length; i++) {
      compositeStates[i] = composites.get(plan.composites().get(i).name());
    }
    this.globalUsers = new WindowedDistinct(w);
    this.trending = new WindowedTopItems(w);
    this.reservoir =
        new EventReservoir(w, shape.reservoirCapacity(), new SplittableRandom(shape.seed()));
  }

  public StateShape shape() {
    return shape;
  }

  /**
   * Folds one accepted event into every aggregate it belongs to: those {@link RoutingPlan} names
   * (the aggregates are independent, so the order they are updated in does not matter).
   */
  public void apply(Event e) {
    // One user hash for the four distinct-user scopes instead of one per scope.
    userHash = WindowedDistinct.userHash(e.userId());
    plan.route(e, targets);
  }

  /** Applies a routed event to this shard's aggregate of each key; one lookup per key for all of its parts. */
  private final class Targets implements RoutingPlan.Targets<RuntimeException> {
    @Override
    public void user(String userId, Event e) {
      users.getOrCreate(userId).apply(e);
    }

    @Override
    public void item(String itemId, Event e) {
      items.getOrCreate(itemId).apply(e, userHash);
    }

    @Override
    public void category(String category, Event e) {
      categories.getOrCreate(category).apply(e, userHash);
    }

    @Override
    public void campaign(String campaignId, Event e) {
      campaigns.getOrCreate(campaignId).apply(e, userHash);
    }

    @Override
    public void ad(String adId, Event e) {
      ads.getOrCreate(adId).apply(e);
    }

    @Override
    public void composite(int index, String key, Event e) {
      compositeStates[index].apply(key, e);
    }

    @Override
    public void global(Event e) {
      allTime.apply(e);
      global.apply(e);
      globalUsers.applyHashed(e.timestampMillis(), userHash);
      globalValues.apply(e); // purchase values only: the sketch's own rule
      trending.apply(e);
      reservoir.apply(e);
    }
  }

  /** The shard's all-time counts per type (live object: read it on the shard thread only). */
  public EventTypeCounts counts() {
    return allTime;
  }

  public WindowedCounts global() {
    return global;
  }

  public WindowedDistinct globalUsers() {
    return globalUsers;
  }

  public ValueQuantiles globalValues() {
    return globalValues;
  }

  public WindowedTopItems trending() {
    return trending;
  }

  public EventReservoir reservoir() {
    return reservoir;
  }

  /** The counts of one scope key, or null (live object). */
  public WindowedCounts counts(Scope scope, String key) {
    return switch (scope) {
      case GLOBAL -> global;
      case ITEM -> countsOf(items.get(key));
      case CATEGORY -> countsOf(categories.get(key));
      case AD -> ads.get(key);
      case CAMPAIGN -> countsOf(campaigns.get(key));
      case USER -> {
        UserProfile p = users.get(key);
        yield p == null ? null : p.countsCopy();
      }
    };
  }

  private static WindowedCounts countsOf(KeyState k) {
    return k == null ? null : k.counts();
  }

  private static WindowedDistinct usersOf(KeyState k) {
    return k == null ? null : k.users();
  }

  /** The profile of {@code userId}, or null (live object). */
  public UserProfile profile(String userId) {
    return users.get(userId);
  }

  /** The counts of a composite key, or null (live object). */
  public WindowedCounts compositeCounts(String composite, String key) {
    Keyed<WindowedCounts> k = composites.get(composite);
    return k == null ? null : k.get(key);
  }

  /** Distinct users of a scope key where tracked (global, item, category, campaign), else null. */
  public WindowedDistinct distinct(Scope scope, String key) {
    return switch (scope) {
      case GLOBAL -> globalUsers;
      case ITEM -> usersOf(items.get(key));
      case CATEGORY -> usersOf(categories.get(key));
      case CAMPAIGN -> usersOf(campaigns.get(key));
      default -> null;
    };
  }

  /** Purchase value quantiles of global or a campaign, else null. */
  public ValueQuantiles values(Scope scope, String key) {
    return switch (scope) {
      case GLOBAL -> globalValues;
      case CAMPAIGN -> {
        KeyState k = campaigns.get(key);
        yield k == null ? null : k.values();
      }
      default -> null;
    };
  }

  /** Trending items, global (key null) or of a category; null when none. */
  public WindowedTopItems trending(String categoryOrNull) {
    if (categoryOrNull == null) {
      return trending;
    }
    KeyState k = categories.get(categoryOrNull);
    return k == null ? null : k.trending();
  }

  /**
   * This shard's part of each item's exact trending count ({@link TrendingCounts#of}) in {@code w} at
   * {@code nowMillis}, global ({@code categoryOrNull} null) or in a category; {@link TrendingCounts#UNKNOWN}
   * for a part that cannot tell exactly.
   */
  public long[] trendingCounts(
      String categoryOrNull, List<String> itemIds, Window w, long nowMillis) {
    long[] out = new long[itemIds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = TrendingCounts.of(items.get(itemIds.get(i)), categoryOrNull, w, nowMillis);
    }
    return out;
  }

  /**
   * This shard's part of every item's trending count in {@code w} at {@code nowMillis} (see
   * {@link #trendingCounts}): O(items held), skipping items without events since the window started.
   */
  public TrendingScan scanTrending(String categoryOrNull, Window w, long nowMillis) {
    TrendingScan scan = new TrendingScan();
    long start = w.startMillis(nowMillis);
    items.forEachEntry(
        (item, k) -> {
          if (k.counts().newestMillis() < start) {
            return; // nothing in the window (the newest event time only grows)
          }
          long c = TrendingCounts.of(k, categoryOrNull, w, nowMillis);
          if (c == TrendingCounts.UNKNOWN) {
            scan.addUpperBound(item, k.trendingCount(w, nowMillis));
          } else if (c > 0) {
            scan.addExact(item, c);
          }
        });
    return scan;
  }

  /** Newest event time applied to this shard, Long.MIN_VALUE if none. */
  public long newestMillis() {
    return global.newestMillis();
  }

  /**
   * Drops keys with no event inside the longest window plus lateness before {@code newestMillis}
   * (their windows are all empty): keeps memory bounded by the active keys. Returns how many.
   */
  public int sweepIdle(long newestMillis) {
    Windows w = shape.windows();
    long horizon = w.longest().lengthMillis() + w.latenessMillis();
    int n = 0;
    n += ads.sweep(c -> c.newestMillis() < newestMillis - horizon);
    for (Keyed<KeyState> k : List.of(items, categories, campaigns)) {
      n += k.sweep(c -> c.idleBefore(newestMillis - horizon));
    }
    // Profiles are kept (recent items, affinity and order history outlive the windows); their
    // windowed counts evict their own buckets.
    for (Keyed<WindowedCounts> k : composites.values()) {
      n += k.sweep(c -> c.newestMillis() < newestMillis - horizon);
    }
    return n;
  }

  public void writeTo(BinaryWriter out) {
    writeDeterministicTo(out);
    reservoir.writeTo(out);
  }

  /**
   * Writes everything except the inspection reservoir, whose sample depends on its random stream:
   * two states built from the same events (in any runtime, after any recovery) write equal bytes.
   */
  public void writeDeterministicTo(BinaryWriter out) {
    out.writeByte(VERSION);
    allTime.writeTo(out);
    global.writeTo(out);
    items.writeTo(out);
    categories.writeTo(out);
    ads.writeTo(out);
    campaigns.writeTo(out);
    users.writeTo(out);
    out.writeVarLong(composites.size());
    composites.forEach(
        (name, k) -> {
          out.writeString(name);
          k.writeTo(out);
        });
    globalUsers.writeTo(out);
    globalValues.writeTo(out);
    trending.writeTo(out);
  }

  /** Reads a v1 or v2 shard state into the given shape. */
  public static ShardState read(BinaryReader in, StateShape shape) {
    int version = in.readByte();
    ShardState s = new ShardState(shape);
    if (version == 1) {
      s.allTime.merge(EventTypeCounts.read(in));
      return s;
    }
    if (version != VERSION) {
      throw new CorruptDataException("unknown shard state version " + version);
    }
    Windows w = shape.windows();
    s.allTime.merge(EventTypeCounts.read(in));
    s.global.merge(WindowedCounts.read(in, w));
    s.items.readFrom(in, r -> KeyState.read(r, w, false, false, true));
    s.categories.readFrom(in, r -> KeyState.read(r, w, true, false));
    s.ads.readFrom(in, r -> WindowedCounts.read(r, w));
    s.campaigns.readFrom(in, r -> KeyState.read(r, w, false, true));
    s.users.readFrom(in, r -> UserProfile.read(r, shape.profile(), w, s.ids));
    int n = in.readLength(1_000);
    for (int i = 0; i < n; i++) {
      String name = in.readString();
      Keyed<WindowedCounts> k = s.composites.get(name);
      Keyed<WindowedCounts> target =
          k != null ? k : new Keyed<>(() -> new WindowedCounts(w)); // dropped from config
      target.readFrom(in, r -> WindowedCounts.read(r, w));
    }
    s.globalUsers.merge(WindowedDistinct.read(in));
    s.globalValues.merge(ValueQuantiles.read(in));
    s.trending.merge(WindowedTopItems.read(in));
    s.reservoir = EventReservoir.read(in, new SplittableRandom(shape.seed()));
    return s;
  }

  /**
   * Spreads recovered shard states over {@code shards} new ones. When the shard count is unchanged
   * each state keeps its shard; otherwise (the operator changed {@code engine.shards}) everything
   * but per-user state is merged into shard 0 and per-user state goes to the user's new shard.
   */
  public static ShardState[] redistribute(
      List<ShardState> recovered, int shards, StateShape shape, ToIntFunction<String> shardOfUser) {
    ShardState[] out = new ShardState[shards];
    if (recovered.size() == shards) {
      recovered.toArray(out);
      moveMisplacedUsers(out, shardOfUser);
      return out;
    }
    for (int i = 0; i < shards; i++) {
      out[i] = new ShardState(shape);
    }
    ShardState zero = out[0];
    for (ShardState s : recovered) {
      zero.allTime.merge(s.allTime);
      zero.global.merge(s.global);
      zero.items.mergeFrom(s.items);
      zero.categories.mergeFrom(s.categories);
      zero.ads.mergeFrom(s.ads);
      zero.campaigns.mergeFrom(s.campaigns);
      s.composites.forEach(
          (name, k) -> {
            Keyed<WindowedCounts> target = zero.composites.get(name);
            if (target != null) {
              target.mergeFrom(k);
            }
          });
      zero.globalUsers.merge(s.globalUsers);
      zero.globalValues.merge(s.globalValues);
      zero.trending.merge(s.trending);
      zero.reservoir.merge(s.reservoir);
      s.users.forEachEntry((user, c) -> out[shardOfUser.applyAsInt(user)].users.mergeOne(user, c));
    }
    return out;
  }

  /**
   * Moves per-user state to the user's shard where an old writer put it elsewhere: it stored ids that
   * differed by an unpaired surrogate as one {@code ?} id ({@link io.mercato.core.io.LegacyIds}), which
   * hashes to another shard than the originals did. Only ids holding {@code ?} can be misplaced.
   */
  private static void moveMisplacedUsers(ShardState[] states, ToIntFunction<String> shardOfUser) {
    for (int i = 0; i < states.length; i++) {
      int from = i;
      List<String> misplaced = new ArrayList<>(0);
      states[i].users.forEachEntry(
          (user, p) -> {
            if (user.indexOf('?') >= 0 && shardOfUser.applyAsInt(user) != from) {
              misplaced.add(user);
            }
          });
      for (String user : misplaced) {
        states[shardOfUser.applyAsInt(user)].users.mergeOne(user, states[i].users.remove(user));
      }
    }
  }
}
