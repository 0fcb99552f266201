package io.mercato.core.profile;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventTypes;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Everything Mercato keeps about one user, updated on each of the user's events (ARCHITECTURE.md §1,
 * "user profile"). All times are event times in epoch ms; "now" is always passed in.
 *
 * <h2>Parts and their guarantees</h2>
 * <ul>
 *   <li><b>Recent items</b> — every event with an item id touches it. Distinct items, most recent
 *       first by their newest event time, at most {@link ProfileConfig#recentItems()}; an item seen
 *       again moves up with its newest time, an older sighting changes nothing. The list is the top
 *       {@code recentItems} of all items ranked by newest time, so with distinct times it does not
 *       depend on arrival order or on how the stream was split and {@linkplain #merge merged}. Equal
 *       times are ordered by arrival, latest first (in a merge, the merged-in profile counts as later).
 *   <li><b>Category affinity</b> — an event with a category adds its type's
 *       {@linkplain ProfileConfig#weight weight}, decaying with half-life {@code h}:
 *       {@code affinity_c(now) = Σ w·2^(-(now - t)/h)} over the category's events. All scores are
 *       kept at one reference time, the newest event time ({@link #lastSeenMillis()}), and rescaled
 *       when it advances; this is the brief's per-category rule ({@code s·2^(-(t-r)/h) + w}) with one
 *       shared {@code r}, which saves 8 bytes per category and makes scores directly comparable for
 *       the cap. Independent of order and split up to floating-point rounding (≈1e-15 relative per
 *       event) as long as at most {@link ProfileConfig#maxCategories()} categories were seen; beyond
 *       that the lowest score at the moment of overflow is dropped (ties: the greater name), which
 *       depends on order. A score that underflows to 0 (after ~1000 half-lives) is not reported.
 *   <li><b>Counts</b> per type per window: a {@link WindowedCounts} (exact, see there).
 *   <li><b>First/last seen</b>: the minimum and maximum event time. Exact, order-independent.
 *   <li><b>Purchases</b>: events of type {@code purchase}; total order value sums their {@code value}
 *       when present; the average divides by the purchases that carried a value and is absent (never
 *       NaN) when none did. Counts saturate at {@link Integer#MAX_VALUE}.
 *   <li><b>Purchased items</b> — every {@code purchase} event with an item id touches it, like recent
 *       items: distinct items, newest purchase first, at most {@value #PURCHASED_ITEMS}, the top of all
 *       purchased items by newest purchase time (so order- and split-independent with distinct times).
 *       What segment conditions ask through {@code profile.purchased(item)}; a purchase older than the
 *       last {@value #PURCHASED_ITEMS} distinct purchased items is forgotten.
 *   <li><b>Session</b>: see {@link #currentSession(long)} for exactly what is guaranteed.
 * </ul>
 *
 * <h2>Memory (ARCHITECTURE.md §4.5)</h2>
 * No per-entry objects: recent items are a {@code String[]} and a {@code long[]}, affinity a sorted
 * {@code String[]} and a {@code double[]}, all exactly sized and allocated on first use (a user with
 * two events holds two-slot arrays, not fifty), and session items are read from the recent items
 * instead of being stored twice. Id strings go through the {@link Interner} given to the constructor,
 * so a shard can keep one instance per id; {@link #estimatedBytes()} counts the profile's own object
 * and arrays, not the strings. Purchased items take nothing until the first purchase of an item.
 * Bounds with the defaults: 1,408 bytes for the object and full arrays (50 recent items, 32
 * categories, 20 purchased items) plus the counts (bounded per type by their retention). Measured on
 * a synthetic mix of mostly light users ({@code UserProfileMemoryTest}): 457 bytes on average,
 * of which 107 are the counts; 248 bytes for a user with a single event.
 *
 * <h2>Binary form</h2>
 * <pre>
 * v1: byte version=1 | byte hasEvents (0 or 1)
 *     [only when hasEvents: long firstSeen | long lastSeen | varint lastSeen - sessionStart
 *      | varint sessionEvents | varint purchases | varint valuedPurchases | double totalValue
 *      | varint nRecent | (string item | varint previousTime - time)*   most recent first, previous
 *                                                                       time starting at lastSeen
 *      | varint nCategories | (string category | double score at lastSeen)*   names ascending]
 *     | WindowedCounts v1
 * v2: as v1, with after the categories (only when hasEvents):
 *      | varint nPurchased | (string item | varint previousTime - time)*   newest purchase first,
 *                                                                         previous starting at lastSeen
 * </pre>
 * This build writes v2 and reads both; a v1 profile loads with no purchased items.
 *
 * <p>Not thread-safe; one writer per profile, like every aggregate.
 */
public final class UserProfile implements Aggregate<UserProfile> {
  static final int VERSION = 2;

  /** How many distinct purchased items a profile remembers (newest purchases). */
  public static final int PURCHASED_ITEMS = 20;

  /**
   * Shallow size of one instance (64-bit HotSpot, compressed oops and class pointers): 12-byte header,
   * 7 references × 4, 3 longs × 8, 1 int = 68, aligned to 72. Purchase state lives in a
   * {@link Purchases} allocated at the first purchase ({@value Purchases#OBJECT_BYTES} bytes more).
   */
  static final long OBJECT_BYTES = 72;

  static final String[] NO_STRINGS = {};
  static final long[] NO_LONGS = {};
  static final double[] NO_DOUBLES = {};

  /** One-entry cache: an engine uses one configuration for all users, so they share one Shared. */
  private static volatile Shared lastShared;

  final Shared shared;
  final WindowedCounts counts;
  // Both sentinels while empty, so min/max merge needs no special case.
  long firstSeen = Long.MAX_VALUE;
  long lastSeen = Long.MIN_VALUE;
  // The session always ends at lastSeen (a newer event either extends it or starts a new one), so
  // only its start and size are stored.
  long sessionStart;
  int sessionEvents; // 0 exactly when the profile is empty
  // Most recent first; parallel arrays, exactly sized.
  String[] recentItems = NO_STRINGS;
  long[] recentTimes = NO_LONGS;
  // Null until the first purchase (or a merge with a profile that has one).
  Purchases bought;
  // Names ascending (binary search); scores at reference time lastSeen.
  String[] categories = NO_STRINGS;
  double[] scores = NO_DOUBLES;

  /**
   * An empty profile.
   *
   * @param interner canonicalises item and category ids before they are stored
   */
  public UserProfile(ProfileConfig config, Windows windows, Interner interner) {
    this(sharedFor(config, windows, interner), new WindowedCounts(windows));
  }

  /** An empty profile that stores ids as given. */
  public UserProfile(ProfileConfig config, Windows windows) {
    this(config, windows, Interner.identity());
  }

  private UserProfile(Shared shared, WindowedCounts counts) {
    this.shared = shared;
    this.counts = counts;
  }

  public ProfileConfig config() {
    return shared.config;
  }

  public Windows windows() {
    return shared.windows;
  }

  /** True until the first event is applied or merged in. */
  public boolean isEmpty() {
    return sessionEvents == 0;
  }

  // ---------------------------------------------------------------------------------------- apply

  /** Folds one event of this user in. O(recentItems + maxCategories) plus {@link WindowedCounts#add}. */
  @Override
  public void apply(Event event) {
    Objects.requireNonNull(event, "event");
    long t = event.timestampMillis();
    counts.apply(event); // first: it is the only part that can throw, and then nothing has changed
    if (isEmpty()) {
      firstSeen = t;
      lastSeen = t;
      sessionStart = t;
      sessionEvents = 1;
    } else {
      trackSession(t);
      firstSeen = Math.min(firstSeen, t);
      if (t > lastSeen) {
        rescaleScores(decay(t, lastSeen));
        lastSeen = t;
      }
    }
    if (event.itemId() != null) {
      touchNewest(false, event.itemId(), t);
    }
    double w = shared.config.weight(event.type());
    if (event.category() != null && w > 0) {
      addAffinity(event.category(), w * decay(lastSeen, t));
    }
    if (EventTypes.PURCHASE.equals(event.type())) {
      if (event.itemId() != null) {
        touchNewest(true, event.itemId(), t);
      }
      Purchases b = bought();
      b.count = saturatedAdd(b.count, 1);
      if (event.hasValue()) {
        b.valued = saturatedAdd(b.valued, 1);
        b.total = finiteSum(b.total, event.value());
      }
    }
  }

  /** Called before lastSeen moves; lastSeen is the end of the tracked session. */
  private void trackSession(long t) {
    long gap = shared.gapMillis;
    if (exceeds(t, lastSeen, gap)) {
      sessionStart = t; // a newer session begins
      sessionEvents = 1;
    } else if (t >= sessionStart) {
      sessionEvents = saturatedAdd(sessionEvents, 1); // inside, or extending the end
    } else if (!exceeds(sessionStart, t, gap)) {
      sessionStart = t; // a late event just before the start: extends it backwards
      sessionEvents = saturatedAdd(sessionEvents, 1);
    }
    // Otherwise the event is older than start - gap. It may have belonged to an earlier session, or
    // have bridged to older events this profile no longer tracks; it is not counted (see
    // currentSession).
  }

  /**
   * Records that {@code item} was touched at {@code t} in the recent items, or with {@code purchased}
   * in the purchased items: both are {@link NewestItems} lists.
   */
  private void touchNewest(boolean purchased, String item, long t) {
    setNewest(
        purchased,
        purchased
            ? NewestItems.touch(
                purchasedArray(), purchasedTimeArray(), item, t, PURCHASED_ITEMS, shared.interner)
            : NewestItems.touch(
                recentItems, recentTimes, item, t, shared.config.recentItems(), shared.interner));
  }

  /** Stores the replacement arrays of a list; null means the list changed in place. */
  void setNewest(boolean purchased, NewestItems.Lists lists) {
    if (lists == null) {
      return;
    }
    if (purchased) {
      if (lists.items().length > 0 || bought != null) {
        Purchases b = bought();
        b.items = lists.items();
        b.times = lists.times();
      }
    } else {
      recentItems = lists.items();
      recentTimes = lists.times();
    }
  }

  private void addAffinity(String category, double amount) {
    int i = Arrays.binarySearch(categories, category);
    if (i >= 0) {
      scores[i] += amount;
      return;
    }
    int cap = shared.config.maxCategories();
    if (cap == 0 || !(amount > 0)) {
      return;
    }
    int at = -i - 1;
    int n = categories.length;
    if (n < cap) {
      categories = insertAt(categories, at, new String[n + 1]);
      scores = insertAt(scores, at, new double[n + 1]);
    } else {
      int low = lowest(categories, scores, n);
      if (ranksBelow(amount, category, scores[low], categories[low])) {
        return; // the newcomer would be the one dropped
      }
      if (low < at) {
        at--;
        System.arraycopy(categories, low + 1, categories, low, at - low);
        System.arraycopy(scores, low + 1, scores, low, at - low);
      } else {
        System.arraycopy(categories, at, categories, at + 1, low - at);
        System.arraycopy(scores, at, scores, at + 1, low - at);
      }
    }
    categories[at] = shared.interner.intern(category);
    scores[at] = amount;
  }

  private void rescaleScores(double factor) {
    for (int k = 0; k < scores.length; k++) {
      scores[k] *= factor;
    }
  }

  /** {@code 2^(-(later - earlier)/h)}; computed in double so extreme times cannot overflow. */
  private double decay(long later, long earlier) {
    return Math.pow(0.5, ((double) later - (double) earlier) / shared.halfLifeMillis);
  }

  // ---------------------------------------------------------------------------------------- merge

  /**
   * Folds in a partial profile of the same user; {@code other} is unchanged. Recent items, affinity
   * (below the category cap), counts, first/last seen and purchase figures come out as if this
   * profile had applied both event sets; sessions are combined when they overlap or are within the
   * gap of each other, otherwise the newer one is kept (see {@link #currentSession} for the caveat).
   *
   * @throws IllegalArgumentException when the configurations or windows differ; nothing changes then
   * @throws ArithmeticException when a count bucket would overflow; nothing changes then
   */
  @Override
  public void merge(UserProfile other) {
    if (!shared.config.equals(other.shared.config)) {
      throw new IllegalArgumentException(
          "cannot merge a profile built with "
              + other.shared.config
              + " into one built with "
              + shared.config);
    }
    counts.merge(other.counts); // checks the windows and overflow before changing anything
    if (other.isEmpty()) {
      return;
    }
    long newest = Math.max(lastSeen, other.lastSeen);
    mergeSession(other);
    mergeAffinity(other, newest);
    mergeNewest(false, other);
    mergeNewest(true, other);
    firstSeen = Math.min(firstSeen, other.firstSeen);
    lastSeen = newest;
    if (other.bought != null) {
      Purchases b = bought();
      b.count = saturatedAdd(b.count, other.bought.count);
      b.valued = saturatedAdd(b.valued, other.bought.valued);
      b.total = finiteSum(b.total, other.bought.total);
    }
  }

  /** The purchase state, created on first use. */
  Purchases bought() {
    if (bought == null) {
      bought = new Purchases();
    }
    return bought;
  }

  String[] purchasedArray() {
    return bought == null ? NO_STRINGS : bought.items;
  }

  long[] purchasedTimeArray() {
    return bought == null ? NO_LONGS : bought.times;
  }

  double totalValue() {
    return bought == null ? 0 : bought.total;
  }

  private void mergeSession(UserProfile other) {
    if (isEmpty()) {
      sessionStart = other.sessionStart;
      sessionEvents = other.sessionEvents;
      return;
    }
    long laterStart = Math.max(sessionStart, other.sessionStart);
    long earlierEnd = Math.min(lastSeen, other.lastSeen);
    if (!exceeds(laterStart, earlierEnd, shared.gapMillis)) {
      sessionStart = Math.min(sessionStart, other.sessionStart);
      sessionEvents = saturatedAdd(sessionEvents, other.sessionEvents);
    } else if (other.lastSeen > lastSeen) {
      sessionStart = other.sessionStart;
      sessionEvents = other.sessionEvents;
    }
  }

  private void mergeAffinity(UserProfile other, long newest) {
    if (other.categories.length == 0) {
      rescaleScores(isEmpty() ? 1 : decay(newest, lastSeen));
      return;
    }
    double mine = isEmpty() ? 0 : decay(newest, lastSeen);
    double theirs = decay(newest, other.lastSeen);
    int a = categories.length;
    int b = other.categories.length;
    String[] c = new String[a + b];
    double[] s = new double[a + b];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a || j < b) {
      int cmp = i == a ? 1 : j == b ? -1 : categories[i].compareTo(other.categories[j]);
      double score = 0;
      if (cmp <= 0) {
        c[k] = categories[i];
        score += scores[i++] * mine;
      }
      if (cmp >= 0) {
        c[k] = cmp == 0 ? c[k] : shared.interner.intern(other.categories[j]);
        score += other.scores[j++] * theirs;
      }
      s[k++] = score;
    }
    int cap = shared.config.maxCategories();
    if (k > cap) {
      k = keepTop(c, s, k, cap);
    }
    categories = k == 0 ? NO_STRINGS : Arrays.copyOf(c, k);
    scores = k == 0 ? NO_DOUBLES : Arrays.copyOf(s, k);
  }

  /** Merges the other profile's recent (or purchased) items into this one's. */
  private void mergeNewest(boolean purchased, UserProfile other) {
    setNewest(
        purchased,
        purchased
            ? NewestItems.merge(
                purchasedArray(),
                purchasedTimeArray(),
                other.purchasedArray(),
                other.purchasedTimeArray(),
                PURCHASED_ITEMS,
                shared.interner)
            : NewestItems.merge(
                recentItems,
                recentTimes,
                other.recentItems,
                other.recentTimes,
                shared.config.recentItems(),
                shared.interner));
  }

  // ------------------------------------------------------------------------------------------ read

  /** Event time of the oldest event; empty when the profile is empty. */
  public OptionalLong firstSeenMillis() {
    return isEmpty() ? OptionalLong.empty() : OptionalLong.of(firstSeen);
  }

  /** Event time of the newest event; empty when the profile is empty. */
  public OptionalLong lastSeenMillis() {
    return isEmpty() ? OptionalLong.empty() : OptionalLong.of(lastSeen);
  }

  /** Recent items, most recent first; a new unmodifiable list. */
  public List<RecentItem> recentItems() {
    List<RecentItem> list = new ArrayList<>(recentItems.length);
    for (int i = 0; i < recentItems.length; i++) {
      list.add(new RecentItem(recentItems[i], recentTimes[i]));
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * The distinct items this user purchased, newest purchase first, at most {@value #PURCHASED_ITEMS};
   * a new unmodifiable list (empty before the first purchase of an item).
   */
  public List<String> purchasedItems() {
    String[] items = purchasedArray();
    return items.length == 0 ? List.of() : List.of(items);
  }

  /**
   * Decayed category scores at {@code nowMillis}, highest first (ties by name), zero scores omitted;
   * a new unmodifiable map. For {@code nowMillis} before {@link #lastSeenMillis()} the formula is
   * applied as is, so events after {@code now} count more than their weight.
   */
  public Map<String, Double> affinity(long nowMillis) {
    double factor = isEmpty() ? 1 : decay(nowMillis, lastSeen);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k : byScore()) {
      double v = scores[k] * factor;
      if (v > 0) {
        m.put(categories[k], v);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Affinity scores divided by their sum (so they add up to 1, within rounding), highest first;
   * empty when there is no positive score. Decay scales every category alike, so shares do not
   * actually change with {@code nowMillis}; the parameter keeps the API uniform.
   */
  public Map<String, Double> affinityShare(long nowMillis) {
    double sum = 0;
    for (double s : scores) {
      sum += s;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    if (sum > 0) {
      for (int k : byScore()) {
        if (scores[k] > 0) {
          m.put(categories[k], scores[k] / sum);
        }
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** Indexes of categories by descending score, ties by ascending name. */
  private Integer[] byScore() {
    return rankOrder(categories, scores, categories.length);
  }

  /** A copy of the per-type windowed counts (for scope statistics of this user). */
  public WindowedCounts countsCopy() {
    return counts.copy();
  }

  /** Events of {@code type} in {@code window} at {@code nowMillis}; see {@link WindowedCounts#count}. */
  public long count(String type, Window window, long nowMillis) {
    return counts.count(type, window, nowMillis);
  }

  /** Non-zero counts per type in {@code window} at {@code nowMillis}; see {@link WindowedCounts#counts}. */
  public Map<String, Long> counts(Window window, long nowMillis) {
    return counts.counts(window, nowMillis);
  }

  /** All-time number of purchase events. */
  public int purchases() {
    return bought == null ? 0 : bought.count;
  }

  /** Sum of the values of purchases that carried one; 0 when none did. */
  public double totalOrderValue() {
    return totalValue();
  }

  /** Total order value / purchases with a value; empty (never NaN) when no purchase had a value. */
  public OptionalDouble averageOrderValue() {
    return bought == null || bought.valued == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(bought.total / bought.valued);
  }

  /**
   * The session that is current at {@code nowMillis}: empty when there were no events or when
   * {@code nowMillis - lastEvent > sessionGap}.
   *
   * <p>What is guaranteed. Let the <em>true</em> session be the maximal run of all this user's event
   * times that ends at the newest one and has no gap longer than {@code sessionGap}.
   * <ul>
   *   <li>{@code lastEventMillis} is always exact: the newest event time, whatever the order.
   *   <li>Every counted event lies in the true session, so {@code startMillis} is never earlier and
   *       {@code events} never larger than the true values.
   *   <li>Both are exact when events arrive in event-time order, and also when late events arrive no
   *       more than {@code sessionGap} before the tracked start (they extend it backwards). A late
   *       event further back is not counted even if later arrivals would have bridged it to the
   *       session: the profile keeps only the current session, not the events before it.
   *   <li>{@link #merge} combines sessions that overlap or are within the gap and otherwise keeps the
   *       newer; merging consecutive pieces of a time-ordered stream is exact, but pieces that
   *       interleave in time can each see gaps the whole stream does not have, so the merged session
   *       may start later and count fewer events.
   * </ul>
   * {@code items} are the recent items whose newest time is at or after {@code startMillis}, so they
   * are exactly the distinct items touched in {@code [startMillis, lastEventMillis]} that are still
   * among the recent items, most recent first, at most {@link ProfileConfig#sessionItems()}.
   */
  public Optional<Session> currentSession(long nowMillis) {
    if (isEmpty() || exceeds(nowMillis, lastSeen, shared.gapMillis)) {
      return Optional.empty();
    }
    int n =
        Math.min(
            NewestItems.insertionPoint(recentTimes, recentTimes.length, sessionStart - 1),
            shared.config.sessionItems());
    return Optional.of(
        new Session(
            sessionStart, lastSeen, sessionEvents, Arrays.asList(recentItems).subList(0, n)));
  }

  /** {@link #view(long, List)} over all configured windows. */
  public ProfileView view(long nowMillis) {
    return view(nowMillis, shared.windows.all());
  }

  /**
   * A snapshot of every part evaluated at {@code nowMillis}, counts for {@code windows} in the given
   * order.
   *
   * @throws IllegalArgumentException when a window is not one of {@link #windows()}
   */
  public ProfileView view(long nowMillis, List<Window> windows) {
    Map<String, Map<String, Long>> perWindow = new LinkedHashMap<>();
    for (Window w : windows) {
      perWindow.put(w.name(), counts.counts(w, nowMillis));
    }
    OptionalDouble avg = averageOrderValue();
    return new ProfileView(
        nowMillis,
        isEmpty() ? null : firstSeen,
        isEmpty() ? null : lastSeen,
        recentItems(),
        affinity(nowMillis),
        affinityShare(nowMillis),
        perWindow,
        purchases(),
        totalValue(),
        avg.isPresent() ? avg.getAsDouble() : null,
        currentSession(nowMillis).orElse(null));
  }

  /** A deep copy sharing only the immutable configuration and the (immutable) id strings. */
  public UserProfile copy() {
    UserProfile p = new UserProfile(shared, counts.copy());
    p.firstSeen = firstSeen;
    p.lastSeen = lastSeen;
    p.sessionStart = sessionStart;
    p.sessionEvents = sessionEvents;
    p.bought = bought == null ? null : bought.copy();
    p.recentItems = recentItems.length == 0 ? NO_STRINGS : recentItems.clone();
    p.recentTimes = recentTimes.length == 0 ? NO_LONGS : recentTimes.clone();
    p.categories = categories.length == 0 ? NO_STRINGS : categories.clone();
    p.scores = scores.length == 0 ? NO_DOUBLES : scores.clone();
    return p;
  }

  /**
   * Approximate retained bytes of this profile on 64-bit HotSpot with compressed oops: the object
   * ({@value #OBJECT_BYTES}), each non-empty array {@code align8(16 + elementSize·length)} (16-byte
   * array header, 4-byte references, 8-byte longs/doubles), plus the {@link WindowedCounts} by its
   * documented formula. Excludes the id strings (interned, counted once per shard pool), the shared
   * configuration and the shared empty arrays. For tests and capacity planning: it serialises the
   * counts, so do not call it per event.
   */
  public long estimatedBytes() {
    return OBJECT_BYTES
        + arrayBytes(recentItems.length, 4)
        + arrayBytes(recentTimes.length, 8)
        + arrayBytes(categories.length, 4)
        + arrayBytes(scores.length, 8)
        + (bought == null
            ? 0
            : Purchases.OBJECT_BYTES
                + arrayBytes(bought.items.length, 4)
                + arrayBytes(bought.times.length, 8))
        + counts.estimatedBytes();
  }

  private static long arrayBytes(int length, int elementBytes) {
    return length == 0 ? 0 : align(16 + (long) elementBytes * length);
  }

  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  // ----------------------------------------------------------------------------------- binary form

  /** Writes the binary form ({@link UserProfileCodec}; the format is in the class comment). */
  @Override
  public void writeTo(BinaryWriter out) {
    UserProfileCodec.write(this, out);
  }

  /** {@link #read(BinaryReader, ProfileConfig, Windows, Interner)} storing ids as decoded. */
  public static UserProfile read(BinaryReader in, ProfileConfig config, Windows windows) {
    return read(in, config, windows, Interner.identity());
  }

  /**
   * Decodes what {@link #writeTo} wrote ({@link UserProfileCodec}). A profile written under larger caps
   * is cut to this {@code config}'s (oldest recent items, lowest categories go), so a snapshot survives
   * a configuration change; ids pass through {@code interner}.
   *
   * @throws CorruptDataException on an unknown version, truncated or inconsistent data
   */
  public static UserProfile read(
      BinaryReader in, ProfileConfig config, Windows windows, Interner interner) {
    return UserProfileCodec.read(in, sharedFor(config, windows, interner));
  }

  /** An empty profile of {@code shared}'s configuration over {@code counts} (the codec's). */
  static UserProfile of(Shared shared, WindowedCounts counts) {
    return new UserProfile(shared, counts);
  }

  // ---------------------------------------------------------------------------------------- shared

  /** Keeps the {@code cap} highest scores of {@code c[0..k)} in name order, in place; returns cap. */
  static int keepTop(String[] c, double[] s, int k, int cap) {
    Integer[] order = rankOrder(c, s, k);
    boolean[] kept = new boolean[k];
    for (int i = 0; i < cap; i++) {
      kept[order[i]] = true;
    }
    int w = 0;
    for (int i = 0; i < k; i++) {
      if (kept[i]) {
        c[w] = c[i];
        s[w++] = s[i];
      }
    }
    return cap;
  }

  /** Indexes {@code 0..k-1} from the highest-ranked category to the lowest. */
  private static Integer[] rankOrder(String[] c, double[] s, int k) {
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> compareRank(s[x], c[x], s[y], c[y]));
    return order;
  }

  /** Index of the lowest-ranked of the first {@code n} categories. */
  private static int lowest(String[] c, double[] s, int n) {
    int low = 0;
    for (int i = 1; i < n; i++) {
      if (ranksBelow(s[i], c[i], s[low], c[low])) {
        low = i;
      }
    }
    return low;
  }

  /** Ranking for the category cap: lower score first, and on a tie the greater name is lower. */
  private static boolean ranksBelow(
      double score, String name, double otherScore, String otherName) {
    return compareRank(score, name, otherScore, otherName) > 0;
  }

  /** Negative when the first category ranks higher: higher score, then smaller name. */
  private static int compareRank(double score, String name, double otherScore, String otherName) {
    int c = Double.compare(otherScore, score);
    return c != 0 ? c : name.compareTo(otherName);
  }

  private static String[] insertAt(String[] a, int at, String[] into) {
    System.arraycopy(a, 0, into, 0, at);
    System.arraycopy(a, at, into, at + 1, a.length - at);
    return into;
  }

  private static double[] insertAt(double[] a, int at, double[] into) {
    System.arraycopy(a, 0, into, 0, at);
    System.arraycopy(a, at, into, at + 1, a.length - at);
    return into;
  }

  /** True when {@code later - earlier > gap}, without overflow for any two times. */
  private static boolean exceeds(long later, long earlier, long gap) {
    long d = later - earlier;
    return later > earlier && (d < 0 || d > gap);
  }

  private static int saturatedAdd(int a, int b) {
    return (int) Math.min((long) a + b, Integer.MAX_VALUE);
  }

  /**
   * {@code a + b} for two finite values, saturated at ±{@link Double#MAX_VALUE}: values are any finite
   * number, and an infinite total is refused when a snapshot is read (recovery would fail).
   */
  private static double finiteSum(double a, double b) {
    double s = a + b;
    return Double.isFinite(s) ? s : Math.copySign(Double.MAX_VALUE, s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserProfile p
        && shared.config.equals(p.shared.config)
        && firstSeen == p.firstSeen
        && lastSeen == p.lastSeen
        && sessionStart == p.sessionStart
        && sessionEvents == p.sessionEvents
        && purchases() == p.purchases()
        && (bought == null ? 0 : bought.valued) == (p.bought == null ? 0 : p.bought.valued)
        && Double.compare(totalValue(), p.totalValue()) == 0
        && Arrays.equals(recentItems, p.recentItems)
        && Arrays.equals(recentTimes, p.recentTimes)
        && Arrays.equals(categories, p.categories)
        && Arrays.equals(scores, p.scores)
        && Arrays.equals(purchasedArray(), p.purchasedArray())
        && Arrays.equals(purchasedTimeArray(), p.purchasedTimeArray())
        && counts.equals(p.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        firstSeen,
        lastSeen,
        sessionStart,
        sessionEvents,
        purchases(),
        totalValue(),
        Arrays.hashCode(recentItems),
        Arrays.hashCode(categories),
        counts);
  }

  @Override
  public String toString() {
    return "UserProfile{firstSeen="
        + firstSeen
        + ", lastSeen="
        + lastSeen
        + ", session=["
        + sessionStart
        + ", "
        + sessionEvents
        + " events], purchases="
        + purchases()
        + ", totalValue="
        + totalValue()
        + ", recent="
        + recentItems()
        + ", categories="
        + Arrays.toString(categories)
        + ", scores="
        + Arrays.toString(scores)
        + ", purchased="
        + Arrays.toString(purchasedArray())
        + ", "
        + counts
        + "}";
  }

  static Shared sharedFor(ProfileConfig config, Windows windows, Interner interner) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(windows, "windows");
    Objects.requireNonNull(interner, "interner");
    Shared s = lastShared;
    if (s == null || s.config != config || s.windows != windows || s.interner != interner) {
      s = new Shared(config, windows, interner);
      lastShared = s;
    }
    return s;
  }

  /** What all profiles of one engine share; one reference per profile instead of three. */
  static final class Shared {
    final ProfileConfig config;
    final Windows windows;
    final Interner interner;
    final long gapMillis;
    final double halfLifeMillis;

    Shared(ProfileConfig config, Windows windows, Interner interner) {
      this.config = config;
      this.windows = windows;
      this.interner = interner;
      this.gapMillis = config.sessionGap().toMillis();
      this.halfLifeMillis = config.affinityHalfLife().toMillis();
    }
  }
}
