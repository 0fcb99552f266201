package io.mercato.server.backend;

import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.WindowedCounts;
import java.util.Map;
import java.util.Objects;

/**
 * What a statistics read of one scope key returns: copies the caller owns, evaluated by the caller at
 * {@code nowMillis}.
 *
 * @param counts    windowed counts per type of the key
 * @param global    the global windowed counts (the prior of smoothed rates)
 * @param distinct  distinct users per window; null where not tracked (user, ad, composite scopes)
 * @param values    purchase value quantiles; null where not tracked (all but global and campaign)
 * @param allTime   all-time counts per type; global scope only, else null
 * @param trending  trending items of the key at {@code nowMillis}; only when asked for (category
 *                  scope), else null
 * @param nowMillis the stream time the windows end at, read after the state, so every event the
 *                  state holds is at or before it
 */
public record ScopeRead(
    WindowedCounts counts,
    WindowedCounts global,
    WindowedDistinct distinct,
    ValueQuantiles values,
    Map<String, Long> allTime,
    TrendingItems trending,
    long nowMillis) {
  public ScopeRead {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(global, "global");
  }
}
