package io.mercato.engine.shard;

import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.profile.UserProfile;
import io.mercato.core.sampling.EventReservoir;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Windows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everything one shard holds, built only from the events routed to it (by {@code user_id}).
 * Per-user state lives in exactly one shard; item, category, ad, campaign and global scopes are
 * partial in every shard and merged on read (all of them merge exactly, or within their sketch
 * bounds). Confined to the shard's thread (or the recovery thread before the shards start).
 *
 * <pre>
 * v2: byte 2 | EventTypeCounts allTime | WindowedCounts global | Keyed item, category, ad, campaign counts
 *     | Keyed user profiles
 *     | varint composites | (string name | Keyed counts)* | WindowedDistinct global | Keyed item, category,
 *     campaign distinct | ValueQuantiles global | Keyed campaign values | WindowedTopItems global
 *     | Keyed category top items | EventReservoir
 * v1: byte 1 | EventTypeCounts — still read: the windowed state starts empty
 * </pre>
 */
public final class ShardState {
  static final int VERSION = 2;
  private final StateShape shape;
  private final EventTypeCounts allTime = new EventTypeCounts();
  private final WindowedCounts global;
  final Keyed<WindowedCounts> items;
  final Keyed<WindowedCounts> categories;
  final Keyed<WindowedCounts> ads;
  final Keyed<WindowedCounts> campaigns;
  final Keyed<UserProfile> users;
  final Map<String, Keyed<WindowedCounts>> composites = new LinkedHashMap<>();
  private final WindowedDistinct globalUsers;
  final Keyed<WindowedDistinct> itemUsers;
  final Keyed<WindowedDistinct> categoryUsers;
  final Keyed<WindowedDistinct> campaignUsers;
  private final ValueQuantiles globalValues = new ValueQuantiles();
  final Keyed<ValueQuantiles> campaignValues = new Keyed<>(ValueQuantiles::new);
  private final WindowedTopItems trending;
  final Keyed<WindowedTopItems> categoryTrending;
  private EventReservoir reservoir;
  /** Shares item and category id strings among this shard's profiles. */
  private final IdPool ids = new IdPool(1_000_000);

  /** An empty state of the given shape. */
  public ShardState(StateShape shape) {
    this.shape = shape;
    Windows w = shape.windows();
    this.global = new WindowedCounts(w);
    this.items = new Keyed<>(() -> new WindowedCounts(w));
    this.categories = new Keyed<>(() -> new WindowedCounts(w));
    this.ads = new Keyed<>(() -> new WindowedCounts(w));
    this.campaigns = new Keyed<>(() -> new WindowedCounts(w));
    this.users = new Keyed<>(() -> new UserProfile(shape.profile(), w, ids));
    for (CompositeKey k : shape.composites()) {
      composites.put(k.name(), new Keyed<>(() -> new WindowedCounts(w)));
    }
    this.globalUsers = new WindowedDistinct(w);
    this.itemUsers = new Keyed<>(() -> new WindowedDistinct(w));
    this.categoryUsers = new Keyed<>(() -> new WindowedDistinct(w));
    this.campaignUsers = new Keyed<>(() -> new WindowedDistinct(w));
    this.trending = new WindowedTopItems(w);
    this.categoryTrending = new Keyed<>(() -> new WindowedTopItems(w));
    this.reservoir = new EventReservoir(w, shape.reservoirCapacity(), new SplittableRandom(shape.seed()));
  }

  public StateShape shape() {
    return shape;
  }

  /** Folds one accepted event into every aggregate it belongs to. */
  public void apply(Event e) {
    allTime.apply(e);
    global.apply(e);
    items.apply(e.itemId(), e);
    categories.apply(e.category(), e);
    ads.apply(e.adId(), e);
    campaigns.apply(e.campaignId(), e);
    users.apply(e.userId(), e);
    for (CompositeKey k : shape.composites()) {
      composites.get(k.name()).apply(k.keyOf(e), e);
    }
    // One user hash for the four distinct-user scopes instead of one per scope.
    long user = WindowedDistinct.userHash(e.userId());
    long t = e.timestampMillis();
    globalUsers.applyHashed(t, user);
    if (e.itemId() != null) {
      itemUsers.getOrCreate(e.itemId()).applyHashed(t, user);
    }
    if (e.category() != null) {
      categoryUsers.getOrCreate(e.category()).applyHashed(t, user);
    }
    if (e.campaignId() != null) {
      campaignUsers.getOrCreate(e.campaignId()).applyHashed(t, user);
    }
    if (EventTypes.PURCHASE.equals(e.type()) && e.value() != null) {
      globalValues.apply(e);
      campaignValues.apply(e.campaignId(), e);
    }
    trending.apply(e);
    categoryTrending.apply(e.category(), e);
    reservoir.apply(e);
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
      case ITEM -> items.get(key);
      case CATEGORY -> categories.get(key);
      case AD -> ads.get(key);
      case CAMPAIGN -> campaigns.get(key);
      case USER -> {
        UserProfile p = users.get(key);
        yield p == null ? null : p.countsCopy();
      }
    };
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
      case ITEM -> itemUsers.get(key);
      case CATEGORY -> categoryUsers.get(key);
      case CAMPAIGN -> campaignUsers.get(key);
      default -> null;
    };
  }

  /** Purchase value quantiles of global or a campaign, else null. */
  public ValueQuantiles values(Scope scope, String key) {
    return switch (scope) {
      case GLOBAL -> globalValues;
      case CAMPAIGN -> campaignValues.get(key);
      default -> null;
    };
  }

  /** Trending items, global (key null) or of a category; null when none. */
  public WindowedTopItems trending(String categoryOrNull) {
    return categoryOrNull == null ? trending : categoryTrending.get(categoryOrNull);
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
    for (Keyed<WindowedCounts> k : List.of(items, categories, ads, campaigns)) {
      n += k.sweep(c -> c.newestMillis() < newestMillis - horizon);
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
    composites.forEach((name, k) -> {
      out.writeString(name);
      k.writeTo(out);
    });
    globalUsers.writeTo(out);
    itemUsers.writeTo(out);
    categoryUsers.writeTo(out);
    campaignUsers.writeTo(out);
    globalValues.writeTo(out);
    campaignValues.writeTo(out);
    trending.writeTo(out);
    categoryTrending.writeTo(out);
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
    s.items.readFrom(in, r -> WindowedCounts.read(r, w));
    s.categories.readFrom(in, r -> WindowedCounts.read(r, w));
    s.ads.readFrom(in, r -> WindowedCounts.read(r, w));
    s.campaigns.readFrom(in, r -> WindowedCounts.read(r, w));
    s.users.readFrom(in, r -> UserProfile.read(r, shape.profile(), w, s.ids));
    int n = in.readLength(1_000);
    for (int i = 0; i < n; i++) {
      String name = in.readString();
      Keyed<WindowedCounts> k = s.composites.get(name);
      Keyed<WindowedCounts> target = k != null ? k : new Keyed<>(() -> new WindowedCounts(w)); // dropped from config
      target.readFrom(in, r -> WindowedCounts.read(r, w));
    }
    s.globalUsers.merge(WindowedDistinct.read(in));
    s.itemUsers.readFrom(in, WindowedDistinct::read);
    s.categoryUsers.readFrom(in, WindowedDistinct::read);
    s.campaignUsers.readFrom(in, WindowedDistinct::read);
    s.globalValues.merge(ValueQuantiles.read(in));
    s.campaignValues.readFrom(in, ValueQuantiles::read);
    s.trending.merge(WindowedTopItems.read(in));
    s.categoryTrending.readFrom(in, WindowedTopItems::read);
    s.reservoir = EventReservoir.read(in, new SplittableRandom(shape.seed()));
    return s;
  }

  /**
   * Spreads recovered shard states over {@code shards} new ones. When the shard count is unchanged
   * each state keeps its shard; otherwise (the operator changed {@code engine.shards}) everything
   * but per-user state is merged into shard 0 and per-user state goes to the user's new shard.
   */
  public static ShardState[] redistribute(List<ShardState> recovered, int shards, StateShape shape,
      java.util.function.ToIntFunction<String> shardOfUser) {
    ShardState[] out = new ShardState[shards];
    if (recovered.size() == shards) {
      return recovered.toArray(out);
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
      s.composites.forEach((name, k) -> {
        Keyed<WindowedCounts> target = zero.composites.get(name);
        if (target != null) {
          target.mergeFrom(k);
        }
      });
      zero.globalUsers.merge(s.globalUsers);
      zero.itemUsers.mergeFrom(s.itemUsers);
      zero.categoryUsers.mergeFrom(s.categoryUsers);
      zero.campaignUsers.mergeFrom(s.campaignUsers);
      zero.globalValues.merge(s.globalValues);
      zero.campaignValues.mergeFrom(s.campaignValues);
      zero.trending.merge(s.trending);
      zero.categoryTrending.mergeFrom(s.categoryTrending);
      zero.reservoir.merge(s.reservoir);
      s.users.forEachEntry((user, c) -> out[shardOfUser.applyAsInt(user)].users.mergeOne(user, c));
    }
    return out;
  }
}
