package io.mercato.core.runtime;

import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.WindowedCounts;

/**
 * A consistent copy of one scope's statistics, merged over all shards.
 *
 * @param counts   windowed counts per type of the scope
 * @param global   the global windowed counts (the prior for smoothed rates)
 * @param distinct distinct users per window, or null where not tracked (ad, user, composite scopes)
 * @param values   purchase value quantiles, or null where not tracked (only global and campaigns)
 */
public record ScopeStats(
    WindowedCounts counts,
    WindowedCounts global,
    WindowedDistinct distinct,
    ValueQuantiles values) {}
