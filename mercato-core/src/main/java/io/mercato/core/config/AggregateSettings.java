package io.mercato.core.config;

import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.stats.StatsConfig;
import io.mercato.core.time.EffectiveTime;
import java.time.Duration;
import java.util.Objects;

/**
 * The part of the configuration tree every runtime must share to compute, and read back, the same
 * state: the statistics windows, lateness, rate prior, composite keys and max lead ({@code stats.*}),
 * the user profile's shape ({@code profile.*}), the validation limits ({@code limits.*}), the dedup
 * horizon ({@code dedup.horizon}) and the partitions of the global aggregates
 * ({@code redis.global-partitions}). The embedded engine, the cluster's API nodes and the Flink job
 * each take this one record from the root configuration (the app's {@code MercatoConfig#aggregates()}),
 * so none of them re-assembles it from loose settings.
 *
 * @param stats            windows, allowed lateness, rate prior strength, composite keys, max lead
 * @param profile          what each user profile keeps
 * @param limits           event validation limits
 * @param dedupHorizon     how long an {@code event_id} is remembered after its event was accepted; positive
 * @param globalPartitions keys the global aggregates are spread over (cluster runtime), at least 1
 */
public record AggregateSettings(
    StatsConfig stats,
    ProfileConfig profile,
    EventLimits limits,
    Duration dedupHorizon,
    int globalPartitions) {
  /** Default dedup horizon ({@code dedup.horizon}): 24 hours. */
  public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofHours(24);

  public AggregateSettings {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dedupHorizon, "dedupHorizon");
    if (dedupHorizon.isNegative() || dedupHorizon.isZero()) {
      throw new IllegalArgumentException("dedup horizon must be positive but was " + dedupHorizon);
    }
    if (globalPartitions < 1) {
      throw new IllegalArgumentException(
          "global partitions must be at least 1 but was " + globalPartitions);
    }
  }

  /** Every default, as documented in {@code mercato.reference.yaml}. */
  public static AggregateSettings defaults() {
    return new AggregateSettings(
        StatsConfig.defaults(),
        ProfileConfig.defaults(),
        EventLimits.defaults(),
        DEFAULT_DEDUP_HORIZON,
        KeyedAggregates.DEFAULT_GLOBAL_PARTITIONS);
  }

  /** The keyed-state routing and aggregate factory these settings describe (a new instance per call). */
  public KeyedAggregates keyedAggregates() {
    return new KeyedAggregates(
        stats.toWindows(), stats.toCompositeKeys(), profile, globalPartitions);
  }

  /** When events count: no later than {@code stats.max-lead} after their acceptance time. */
  public EffectiveTime effectiveTime() {
    return new EffectiveTime(stats.maxLead());
  }

  /**
   * True when aggregates written under {@code other} read back unchanged under these settings: same
   * windows, lateness and profile settings (the parameters of the aggregates' binary forms).
   */
  public boolean sameShape(AggregateSettings other) {
    return stats.windows().equals(other.stats.windows())
        && stats.allowedLateness().equals(other.stats.allowedLateness())
        && profile.equals(other.profile);
  }

  /** A copy with another statistics section. */
  public AggregateSettings withStats(StatsConfig s) {
    return new AggregateSettings(s, profile, limits, dedupHorizon, globalPartitions);
  }

  /** A copy with another dedup horizon. */
  public AggregateSettings withDedupHorizon(Duration horizon) {
    return new AggregateSettings(stats, profile, limits, horizon, globalPartitions);
  }

  /** A copy with another number of global partitions. */
  public AggregateSettings withGlobalPartitions(int partitions) {
    return new AggregateSettings(stats, profile, limits, dedupHorizon, partitions);
  }
}
