package io.mercato.synthetic;

import io.mercato.core.event.Event;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * An endless, seeded stream of realistic marketing events for demos, tests and benchmarks: users
 * browsing a {@link Catalog} in interleaved sessions (views, clicks, add-to-cart, purchases with
 * values), ad impressions and clicks for a few campaigns, and the occasional campaign join and
 * conversion. See {@link SessionPlanner} for the funnel ratios.
 *
 * <pre>{@code
 * SyntheticTraffic traffic = SyntheticTraffic.builder().seed(42).clock(clock).build();
 * List<Event> batch = traffic.next(500);
 * byte[] body = traffic.nextNdjson(500);   // for POST /v1/events
 * }</pre>
 *
 * <p>Determinism: the same seed, settings and clock readings give the same events, ids and bytes.
 * Event ids are {@code idPrefix + n} for n = 1, 2, ... (default prefix {@code syn<seed>-}), unique
 * within one generator; give runs that must not deduplicate against each other distinct prefixes.
 * Timestamps are the clock's reading when the event is emitted, so a live demo produces current
 * events and a test with a fixed clock reproducible ones.
 *
 * <p>Users {@code u-1 .. u-N} have 1–3 preferred categories; how often a user starts a session
 * follows a mild Zipf law (exponent 0.5), so a few users are much more active than most. Not
 * thread-safe: use one generator per thread.
 */
public final class SyntheticTraffic {
  private final SplittableRandom random;
  private final InstantSource clock;
  private final String idPrefix;
  private final Catalog catalog;
  private final SessionPlanner planner;
  private final Zipf userActivity;
  private final int[][] preferences;
  private final List<ArrayDeque<SessionPlanner.Planned>> sessions;
  private long produced;

  private SyntheticTraffic(Builder b) {
    SplittableRandom root = new SplittableRandom(b.seed);
    // Separate streams, so changing how traffic draws never changes the catalog or the users.
    SplittableRandom catalogRandom = root.split();
    SplittableRandom userRandom = root.split();
    this.random = root.split();
    this.clock = b.clock;
    this.idPrefix = b.idPrefix != null ? b.idPrefix : "syn" + b.seed + "-";
    this.catalog = new Catalog(b.items, b.categories, b.itemExponent, catalogRandom);
    this.planner = new SessionPlanner(catalog);
    this.userActivity = new Zipf(b.users, 0.5);
    this.preferences = new int[b.users][];
    int categories = catalog.categories().size();
    for (int u = 0; u < b.users; u++) {
      int n = Math.min(categories, 1 + userRandom.nextInt(3));
      int[] prefs = new int[n];
      for (int i = 0; i < n; i++) {
        int c;
        do {
          c = userRandom.nextInt(categories);
        } while (contains(prefs, i, c));
        prefs[i] = c;
      }
      preferences[u] = prefs;
    }
    this.sessions = new ArrayList<>(b.concurrentSessions);
    for (int s = 0; s < b.concurrentSessions; s++) {
      sessions.add(newSession());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The catalog the events refer to. */
  public Catalog catalog() {
    return catalog;
  }

  /** How many users there are: {@code u-1 .. u-<users()>}. */
  public int users() {
    return preferences.length;
  }

  /** The 1–3 preferred category names of user {@code u-<n>} (n is 1-based). */
  public List<String> preferredCategories(int n) {
    List<String> names = new ArrayList<>();
    for (int c : preferences[n - 1]) {
      names.add(catalog.categories().get(c));
    }
    return names;
  }

  /** Events emitted so far. */
  public long produced() {
    return produced;
  }

  /** The next event. */
  public Event next() {
    int s = random.nextInt(sessions.size());
    ArrayDeque<SessionPlanner.Planned> session = sessions.get(s);
    SessionPlanner.Planned p = session.poll();
    if (session.isEmpty()) {
      sessions.set(s, newSession());
    }
    produced++;
    return new Event(
        idPrefix + produced,
        false,
        p.type(),
        p.userId(),
        p.itemId(),
        p.adId(),
        p.campaignId(),
        p.category(),
        p.value(),
        clock.millis(),
        p.attributes());
  }

  /** The next {@code n} events. */
  public List<Event> next(int n) {
    List<Event> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** The next {@code n} events as NDJSON (see {@link EventJson}). */
  public byte[] nextNdjson(int n) {
    return EventJson.ndjson(next(n));
  }

  /** The next {@code n} events as one JSON array. */
  public byte[] nextJsonArray(int n) {
    return EventJson.array(next(n));
  }

  /** An endless stream of the next events (consume it on one thread). */
  public Stream<Event> stream() {
    return Stream.generate(this::next);
  }

  private ArrayDeque<SessionPlanner.Planned> newSession() {
    ArrayDeque<SessionPlanner.Planned> plan;
    do { // a plan is never empty (at least one view), the loop is only a guard
      int user = userActivity.sample(random);
      plan = planner.plan("u-" + (user + 1), preferences[user], random);
    } while (plan.isEmpty());
    return plan;
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  /** Settings; every one has a default. */
  public static final class Builder {
    private long seed = 42;
    private InstantSource clock = InstantSource.system();
    private String idPrefix;
    private int items = 2_000;
    private int categories = 12;
    private double itemExponent = 1.0;
    private int users = 10_000;
    private int concurrentSessions = 64;

    private Builder() {}

    /** Seed of every random choice (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Source of event timestamps (default the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Prefix of event ids (default {@code syn<seed>-}). */
    public Builder idPrefix(String idPrefix) {
      this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
      return this;
    }

    /** Number of items (default 2,000). */
    public Builder items(int items) {
      this.items = items;
      return this;
    }

    /** Number of categories, 1 to 12 (default 12). */
    public Builder categories(int categories) {
      this.categories = categories;
      return this;
    }

    /** Zipf exponent of item popularity within a category (default 1.0). */
    public Builder itemExponent(double exponent) {
      this.itemExponent = exponent;
      return this;
    }

    /** Number of users (default 10,000). */
    public Builder users(int users) {
      if (users < 1) {
        throw new IllegalArgumentException("users must be at least 1 but was " + users);
      }
      this.users = users;
      return this;
    }

    /** Sessions in progress at once, whose events interleave (default 64). */
    public Builder concurrentSessions(int sessions) {
      if (sessions < 1) {
        throw new IllegalArgumentException(
            "concurrent sessions must be at least 1 but was " + sessions);
      }
      this.concurrentSessions = sessions;
      return this;
    }

    public SyntheticTraffic build() {
      return new SyntheticTraffic(this);
    }
  }
}
