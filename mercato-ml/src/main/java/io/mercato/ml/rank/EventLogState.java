package io.mercato.ml.rank;

import io.mercato.core.event.Event;
import io.mercato.core.reco.InteractionWeights;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecoView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link FeatureState} built by replaying an event log in event-time order ({@link #apply}), for
 * point-in-time training rows and offline evaluation. The recommendation part is a real
 * {@link RecoState} (the engine's own structure), so first-stage scores are exactly what serving
 * computed at that moment.
 *
 * <p>Counters keep one slot per hour for the last {@value #HOURS} hours per item (five kinds), so
 * memory is O(items · hours touched) and windows are at hour granularity. Not thread-safe: one
 * replaying thread.
 */
public final class EventLogState implements FeatureState {
  static final int HOURS = 169; // 7 days and the current hour
  static final long HOUR = 3_600_000L;
  static final long SESSION_GAP = 30 * 60_000L;
  static final double AFFINITY_HALF_LIFE = 86_400_000.0;

  private final RecoState reco;
  private final InteractionWeights weights;
  private final Map<String, ItemStats> items = new HashMap<>();
  private final ItemStats global = new ItemStats(0);
  private final Map<String, UserStats> users = new HashMap<>();
  private final Map<String, String> catalogCategory;
  private long asOf = Long.MIN_VALUE;

  /**
   * @param config          the recommendation state's settings (and the interaction weights)
   * @param catalogCategory item → category known from a catalog (takes precedence over events'); may be empty
   */
  public EventLogState(RecoConfig config, Map<String, String> catalogCategory) {
    this.reco = new RecoState(config);
    this.weights = config.weights();
    this.catalogCategory = Map.copyOf(catalogCategory);
  }

  /**
   * Applies the next event of the log.
   *
   * @throws IllegalArgumentException when {@code e} is older than an event already applied (the log
   *     must be replayed in event-time order)
   */
  public void apply(Event e) {
    long t = e.timestampMillis();
    if (t < asOf) {
      throw new IllegalArgumentException(
          "event "
              + e.eventId()
              + " at "
              + t
              + " is older than the state ("
              + asOf
              + "): replay the log in event-time order");
    }
    asOf = t;
    reco.apply(e);
    String item = e.itemId();
    String category = e.category() != null ? e.category() : item == null ? null : category(item);
    float w = weights.weight(e.type());
    Kind kind = kind(e.type(), w);
    if (item != null) {
      ItemStats s = items.computeIfAbsent(item, i -> new ItemStats(t));
      if (e.category() != null) {
        s.category = e.category();
      }
      Object price = e.attributes().get("price");
      if (price instanceof Number n && Double.isFinite(n.doubleValue())) {
        s.price = n.doubleValue();
      } else if (e.type().equals("purchase") && e.value() != null) {
        s.price = e.value();
      }
      Object discount = e.attributes().get("discount");
      if (discount instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
        s.discount = n.doubleValue();
      }
      if (kind != null) {
        s.add(kind, t);
        global.add(kind, t);
      }
    }
    UserStats u = users.computeIfAbsent(e.userId(), x -> new UserStats());
    u.session(t, category);
    if (category != null && w > 0) {
      u.touch(category, w, t);
    }
  }

  @Override
  public long asOfMillis() {
    return asOf;
  }

  @Override
  public RecoView reco() {
    return reco;
  }

  /** The replayed {@link RecoState}, for strategies that need the concrete state. */
  public RecoState recoState() {
    return reco;
  }

  @Override
  public long itemCount(String itemId, Kind kind, long windowMillis, long atMillis) {
    check(atMillis);
    ItemStats s = items.get(itemId);
    return s == null ? 0 : s.count(kind, windowMillis, atMillis);
  }

  @Override
  public long globalCount(Kind kind, long windowMillis, long atMillis) {
    check(atMillis);
    return global.count(kind, windowMillis, atMillis);
  }

  @Override
  public long itemFirstSeen(String itemId, long atMillis) {
    check(atMillis);
    ItemStats s = items.get(itemId);
    return s == null ? -1 : s.firstSeen;
  }

  @Override
  public String category(String itemId) {
    String c = catalogCategory.get(itemId);
    if (c != null) {
      return c;
    }
    ItemStats s = items.get(itemId);
    return s == null ? null : s.category;
  }

  @Override
  public double price(String itemId, long atMillis) {
    check(atMillis);
    ItemStats s = items.get(itemId);
    return s == null ? Double.NaN : s.price;
  }

  @Override
  public double discount(String itemId, long atMillis) {
    check(atMillis);
    ItemStats s = items.get(itemId);
    return s == null ? Double.NaN : s.discount;
  }

  @Override
  public double categoryAffinity(String userId, String category, long atMillis) {
    check(atMillis);
    UserStats u = users.get(userId);
    double[] a = u == null || category == null ? null : u.affinity.get(category);
    return a == null ? 0 : a[0] * Math.pow(0.5, (atMillis - a[1]) / AFFINITY_HALF_LIFE);
  }

  @Override
  public long lastTouch(String userId, String category, long atMillis) {
    check(atMillis);
    UserStats u = users.get(userId);
    double[] a = u == null || category == null ? null : u.affinity.get(category);
    return a == null ? -1 : (long) a[1];
  }

  @Override
  public Session session(String userId, String category, long atMillis) {
    check(atMillis);
    UserStats u = users.get(userId);
    if (u == null || u.sessionEvents == 0 || atMillis - u.lastEvent > SESSION_GAP) {
      return Session.NONE;
    }
    Integer in = category == null ? null : u.sessionByCategory.get(category);
    return new Session(u.sessionEvents, u.sessionByCategory.size(), in == null ? 0 : in);
  }

  private void check(long atMillis) {
    if (asOf > atMillis) {
      throw new IllegalStateException(
          "the state holds an event at "
              + asOf
              + " ms, after the row's time "
              + atMillis
              + " ms: a feature would read the future");
    }
  }

  private static Kind kind(String type, float weight) {
    return switch (type) {
      case "view" -> Kind.VIEW;
      case "click" -> Kind.CLICK;
      case "add_to_cart" -> Kind.CART;
      case "purchase" -> Kind.PURCHASE;
      default -> weight > 0 ? Kind.OTHER : null;
    };
  }

  /** Hourly counters of one item (or of all items). */
  private static final class ItemStats {
    final long firstSeen;
    final long[] slotHour = new long[HOURS];
    final int[][] counts = new int[HOURS][Kind.values().length];
    String category;
    double price = Double.NaN;
    double discount = Double.NaN;

    ItemStats(long firstSeen) {
      this.firstSeen = firstSeen;
      Arrays.fill(slotHour, Long.MIN_VALUE);
    }

    void add(Kind k, long t) {
      long hour = Math.floorDiv(t, HOUR);
      int slot = (int) Math.floorMod(hour, HOURS);
      if (slotHour[slot] != hour) {
        slotHour[slot] = hour;
        Arrays.fill(counts[slot], 0);
      }
      counts[slot][k.ordinal()]++;
    }

    long count(Kind k, long windowMillis, long t) {
      long hour = Math.floorDiv(t, HOUR);
      long hours = Math.min(HOURS, Math.max(1, windowMillis / HOUR));
      long sum = 0;
      for (int s = 0; s < HOURS; s++) {
        if (slotHour[s] > hour - hours && slotHour[s] <= hour) {
          sum += counts[s][k.ordinal()];
        }
      }
      return sum;
    }
  }

  /** A user's category affinities (decayed value, last touch) and current session. */
  private static final class UserStats {
    final Map<String, double[]> affinity = new HashMap<>();
    final Map<String, Integer> sessionByCategory = new HashMap<>();
    int sessionEvents;
    long lastEvent = Long.MIN_VALUE;

    void touch(String category, float w, long t) {
      double[] a = affinity.computeIfAbsent(category, c -> new double[] {0, t});
      a[0] = a[0] * Math.pow(0.5, (t - a[1]) / AFFINITY_HALF_LIFE) + w;
      a[1] = t;
    }

    void session(long t, String category) {
      if (sessionEvents == 0 || t - lastEvent > SESSION_GAP) {
        sessionEvents = 0;
        sessionByCategory.clear();
      }
      sessionEvents++;
      lastEvent = t;
      if (category != null) {
        sessionByCategory.merge(category, 1, Integer::sum);
      }
    }
  }
}
