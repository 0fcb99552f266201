package io.mercato.flink;

import io.mercato.core.config.AggregateSettings;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.stats.StatsConfig;
import io.mercato.core.time.EffectiveTime;
import io.mercato.core.time.Windows;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Objects;

/**
 * The job's copy of {@link AggregateSettings}, the part of the configuration tree every runtime
 * shares (windows and lateness, composite keys, profile settings, validation limits, the dedup
 * horizon and the global partitions): equal settings make both runtimes compute equal aggregates,
 * and API nodes reading Redis must use the same. Build it from the root configuration's view
 * ({@code new CoreSettings(config.aggregates())}), never from loose settings.
 *
 * <p>Flink ships operator functions to its task managers by Java serialization, and the core's
 * configuration records are not {@link Serializable}: this class keeps their fields in serializable
 * form and rebuilds the core objects on demand. Immutable; {@link #aggregates()} is cached per
 * instance (and rebuilt after deserialization).
 */
public final class CoreSettings implements Serializable {
  private static final long serialVersionUID = 3L; // 2: maxLeadMillis; 3: customTypes

  /** Default number of global partitions (spreads the global scope over 8 keys). */
  public static final int DEFAULT_GLOBAL_PARTITIONS = KeyedAggregates.DEFAULT_GLOBAL_PARTITIONS;

  /** Default dedup horizon, as the embedded engine's {@code dedup.horizon}. */
  public static final Duration DEFAULT_DEDUP_HORIZON = AggregateSettings.DEFAULT_DEDUP_HORIZON;

  private final String windows;
  private final long latenessMillis;
  private final double ratePriorStrength;
  private final String compositeKeys;
  private final long maxLeadMillis;
  private final int recentItems;
  private final long affinityHalfLifeMillis;
  private final long sessionGapMillis;
  private final int sessionItems;
  private final HashMap<String, Double> typeWeights;
  private final int maxCategories;
  private final int maxIdLength;
  private final int maxTypeLength;
  private final int maxAttributes;
  private final int maxAttributeKeyLength;
  private final int maxAttributeValueLength;
  private final long maxFutureMillis;
  private final int maxCustomTypes;
  private final String customTypes;
  private final long dedupHorizonMillis;
  private final int globalPartitions;
  private transient KeyedAggregates aggregates;

  /**
   * As {@link #CoreSettings(AggregateSettings)}, from the parts.
   *
   * @param dedupHorizon     how long an {@code event_id} is remembered after its event was accepted
   *                         (processing time, as in the embedded engine); positive
   * @param globalPartitions partitions of the global aggregates, at least 1
   * @throws IllegalArgumentException as {@link AggregateSettings} does
   */
  public CoreSettings(
      StatsConfig stats,
      ProfileConfig profile,
      EventLimits limits,
      Duration dedupHorizon,
      int globalPartitions) {
    this(new AggregateSettings(stats, profile, limits, dedupHorizon, globalPartitions));
  }

  /** The job's copy of {@code settings} (validated there). */
  public CoreSettings(AggregateSettings settings) {
    StatsConfig stats = settings.stats();
    ProfileConfig profile = settings.profile();
    EventLimits limits = settings.limits();
    this.windows = stats.windows();
    this.latenessMillis = stats.allowedLateness().toMillis();
    this.ratePriorStrength = stats.ratePriorStrength();
    this.compositeKeys = stats.compositeKeys();
    this.maxLeadMillis = stats.maxLead().toMillis();
    this.recentItems = profile.recentItems();
    this.affinityHalfLifeMillis = profile.affinityHalfLife().toMillis();
    this.sessionGapMillis = profile.sessionGap().toMillis();
    this.sessionItems = profile.sessionItems();
    this.typeWeights = new HashMap<>(profile.typeWeights());
    this.maxCategories = profile.maxCategories();
    this.maxIdLength = limits.maxIdLength();
    this.maxTypeLength = limits.maxTypeLength();
    this.maxAttributes = limits.maxAttributes();
    this.maxAttributeKeyLength = limits.maxAttributeKeyLength();
    this.maxAttributeValueLength = limits.maxAttributeValueLength();
    this.maxFutureMillis = limits.maxFuture().toMillis();
    this.maxCustomTypes = limits.maxCustomTypes();
    this.customTypes = limits.customTypes();
    this.dedupHorizonMillis = settings.dedupHorizon().toMillis();
    this.globalPartitions = settings.globalPartitions();
  }

  /** The defaults ({@link AggregateSettings#defaults()}), with {@value #DEFAULT_GLOBAL_PARTITIONS} global partitions. */
  public static CoreSettings defaults() {
    return new CoreSettings(AggregateSettings.defaults());
  }

  /** The shared settings these were made from. */
  public AggregateSettings settings() {
    return new AggregateSettings(stats(), profile(), limits(), dedupHorizon(), globalPartitions);
  }

  public StatsConfig stats() {
    return new StatsConfig(
        windows,
        Duration.ofMillis(latenessMillis),
        ratePriorStrength,
        compositeKeys,
        Duration.ofMillis(maxLeadMillis));
  }

  public ProfileConfig profile() {
    return new ProfileConfig(
        recentItems,
        Duration.ofMillis(affinityHalfLifeMillis),
        Duration.ofMillis(sessionGapMillis),
        sessionItems,
        typeWeights,
        maxCategories);
  }

  public EventLimits limits() {
    return new EventLimits(
        maxIdLength,
        maxTypeLength,
        maxAttributes,
        maxAttributeKeyLength,
        maxAttributeValueLength,
        Duration.ofMillis(maxFutureMillis),
        maxCustomTypes,
        customTypes);
  }

  public Duration dedupHorizon() {
    return Duration.ofMillis(dedupHorizonMillis);
  }

  public int globalPartitions() {
    return globalPartitions;
  }

  /** A copy with another dedup horizon. */
  public CoreSettings withDedupHorizon(Duration horizon) {
    return new CoreSettings(stats(), profile(), limits(), horizon, globalPartitions);
  }

  /** A copy with another number of global partitions. */
  public CoreSettings withGlobalPartitions(int partitions) {
    return new CoreSettings(stats(), profile(), limits(), dedupHorizon(), partitions);
  }

  /** When events count: no later than {@code stats.max-lead} after their acceptance time. */
  public EffectiveTime effectiveTime() {
    return settings().effectiveTime();
  }

  /** The windows (with the allowed lateness). */
  public Windows windows() {
    return aggregates().windows();
  }

  /** The keyed-state routing and aggregate factory these settings describe (cached). */
  public KeyedAggregates aggregates() {
    KeyedAggregates a = aggregates;
    if (a == null) {
      a = settings().keyedAggregates();
      aggregates = a;
    }
    return a;
  }

  /**
   * True when aggregates written under {@code other} read back unchanged under these settings: same
   * windows, lateness and profile settings (the parameters of the aggregates' binary forms).
   */
  public boolean sameAggregateShape(CoreSettings other) {
    return settings().sameShape(other.settings());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoreSettings c
        && windows.equals(c.windows)
        && latenessMillis == c.latenessMillis
        && Double.compare(ratePriorStrength, c.ratePriorStrength) == 0
        && compositeKeys.equals(c.compositeKeys)
        && maxLeadMillis == c.maxLeadMillis
        && recentItems == c.recentItems
        && affinityHalfLifeMillis == c.affinityHalfLifeMillis
        && sessionGapMillis == c.sessionGapMillis
        && sessionItems == c.sessionItems
        && typeWeights.equals(c.typeWeights)
        && maxCategories == c.maxCategories
        && maxIdLength == c.maxIdLength
        && maxTypeLength == c.maxTypeLength
        && maxAttributes == c.maxAttributes
        && maxAttributeKeyLength == c.maxAttributeKeyLength
        && maxAttributeValueLength == c.maxAttributeValueLength
        && maxFutureMillis == c.maxFutureMillis
        && maxCustomTypes == c.maxCustomTypes
        && customTypes.equals(c.customTypes)
        && dedupHorizonMillis == c.dedupHorizonMillis
        && globalPartitions == c.globalPartitions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        windows, latenessMillis, compositeKeys, recentItems, typeWeights, globalPartitions);
  }

  @Override
  public String toString() {
    return "CoreSettings[windows="
        + windows
        + ", lateness="
        + Duration.ofMillis(latenessMillis)
        + ", maxLead="
        + Duration.ofMillis(maxLeadMillis)
        + ", composites="
        + compositeKeys
        + ", recentItems="
        + recentItems
        + ", dedupHorizon="
        + dedupHorizon()
        + ", globalPartitions="
        + globalPartitions
        + "]";
  }
}
