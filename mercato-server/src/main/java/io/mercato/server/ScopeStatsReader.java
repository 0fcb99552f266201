package io.mercato.server;

import io.mercato.core.error.ValidationException;
import io.mercato.core.runtime.Scope;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.RateValue;
import io.mercato.core.stats.Rates;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.server.backend.ScopeRead;
import io.mercato.server.backend.StateReads;
import io.mercato.server.backend.TrendingItems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the body of a scope read ({@link StatsViews.ScopeBody}) from the backend's reads ({@link StateReads}); shared
 * by the scope endpoints so that {@code /v1/items/p-7/stats} and
 * {@code /v1/stats?scope=item&key=p-7} cannot drift apart.
 *
 * <p>Windows are evaluated at the stream time read <i>after</i> the state ({@link ScopeRead#nowMillis()}), so every event
 * the state holds is at or before {@code now} and a read right after an acknowledged ingest counts
 * that batch. The all-time counts, the scope's state and the trending items are separate reads of the
 * embedded shards: under concurrent ingestion they may differ by the events that arrived in between.
 */
final class ScopeStatsReader {
  static final String GLOBAL = "global";

  /** Top items listed per window by the category endpoint. */
  static final int CATEGORY_TRENDING_ITEMS = 10;

  private final StateReads reads;

  ScopeStatsReader(StateReads reads) {
    this.reads = reads;
  }

  /**
   * The scope called {@code name}: a single-field scope, or a composite (then {@link Target#single()}
   * is null).
   *
   * @throws ValidationException on field {@code scope} for an unknown name, listing the valid ones
   */
  Target scope(String name) {
    List<String> valid = reads.scopeNames();
    if (!valid.contains(name)) {
      throw new ValidationException(
          "scope", "unknown scope \"" + name + "\"; valid: " + String.join(", ", valid));
    }
    for (Scope s : Scope.values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
        return new Target(name, s);
      }
    }
    return new Target(name, null);
  }

  /**
   * Statistics of one key.
   *
   * @param key          the key; ignored (may be null) for the global scope
   * @param windows      the windows to report, in the order to list them
   * @param typeOrNull   when given, counts and totals (windowed and all-time) list only this type;
   *                     rates, distinct users and purchase values are not broken down by type
   * @param withTrending add the top {@value #CATEGORY_TRENDING_ITEMS} items per window (category scope)
   * @throws StatsNotFoundException when the backend retains nothing of the key
   */
  StatsViews.ScopeBody read(
      Target target, String key, List<Window> windows, String typeOrNull, boolean withTrending) {
    boolean global = target.single() == Scope.GLOBAL;
    ScopeRead s =
        reads
            .scope(target.single(), target.name(), key, withTrending)
            .orElseThrow(() -> new StatsNotFoundException(target.name(), key));
    WindowedCounts counts = s.counts();
    WindowedCounts globalCounts = s.global();
    WindowedDistinct distinct = s.distinct();
    ValueQuantiles values = s.values();
    Map<String, Long> allTime = global ? onlyType(new TreeMap<>(s.allTime()), typeOrNull) : null;
    long now = s.nowMillis();

    double prior = reads.ratePriorStrength();
    Map<String, StatsViews.WindowStats> byWindow = new LinkedHashMap<>();
    for (Window w : windows) {
      Map<String, Long> c = onlyType(new TreeMap<>(counts.counts(w, now)), typeOrNull);
      Map<String, StatsViews.Rate> rates = new LinkedHashMap<>();
      for (Map.Entry<String, RateValue> r :
          Rates.rates(counts, globalCounts, w, now, prior).entrySet()) {
        rates.put(r.getKey(), StatsViews.Rate.of(r.getValue()));
      }
      byWindow.put(
          w.name(),
          new StatsViews.WindowStats(
              c,
              sum(c),
              rates,
              distinct == null ? null : StatsViews.Distinct.of(distinct.bounds(w, now))));
    }
    Map<String, StatsViews.Trending> top = null;
    if (withTrending) {
      TrendingItems trending = s.trending() == null ? TrendingItems.NONE : s.trending();
      top = new LinkedHashMap<>();
      for (Window w : windows) {
        top.put(w.name(), StatsViews.Trending.of(trending.top(w, CATEGORY_TRENDING_ITEMS)));
      }
    }
    return new StatsViews.ScopeBody(
        target.name(),
        global ? null : key,
        Json.time(now),
        allTime == null ? null : sum(allTime),
        allTime,
        byWindow,
        values == null || values.count() == 0 ? null : StatsViews.PurchaseValues.of(values),
        top);
  }

  private static Map<String, Long> onlyType(TreeMap<String, Long> counts, String typeOrNull) {
    if (typeOrNull != null) {
      counts.keySet().retainAll(List.of(typeOrNull));
    }
    return counts;
  }

  private static long sum(Map<String, Long> counts) {
    long total = 0;
    for (long c : counts.values()) {
      total += c;
    }
    return total;
  }

  /**
   * A scope of the stats API.
   *
   * @param name   its public name
   * @param single the single-field scope, or null for a composite scope
   */
  record Target(String name, Scope single) {}
}
