package io.mercato.engine.shard;

import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.time.Windows;
import java.util.List;

/**
 * What a shard's state is made of: the windows, composite keys and sampling settings every
 * aggregate is built with. Fixed for the life of an engine.
 *
 * @param reservoirCapacity events kept per reservoir sub-bucket for {@code /v1/events/sample}
 * @param seed              seed of the shard's random choices (reservoir sampling)
 * @param profile           what user profiles keep
 */
public record StateShape(
    Windows windows,
    List<CompositeKey> composites,
    int reservoirCapacity,
    long seed,
    ProfileConfig profile) {
  public StateShape {
    composites = List.copyOf(composites);
  }
}
