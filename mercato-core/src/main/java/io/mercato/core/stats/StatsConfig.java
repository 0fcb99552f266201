package io.mercato.core.stats;

import io.mercato.core.time.EffectiveTime;
import io.mercato.core.time.Windows;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the real-time statistics keep.
 *
 * <p>Lists are comma-separated strings, so that environment variables and flags can set them like
 * any other key.
 *
 * @param windows          sliding event-time windows, comma-separated (default {@code 1m,10m,1h,24h,7d})
 * @param allowedLateness  how far behind the newest event time an event may arrive and still be
 *                         counted exactly like in-order input (default 10 min); events older than the
 *                         newest event time minus the longest window and this lateness are rejected
 *                         as too late
 * @param ratePriorStrength pseudo-trials of the Beta prior that smooths CTR/CVR toward the global
 *                         rate of the same window (default 10)
 * @param compositeKeys    extra scopes over several fields, comma-separated, e.g.
 *                         {@code campaign_id+category} (default
 *                         {@code campaign_id+category,ad_id+attributes.placement}; empty for none)
 * @param maxLead          how far ahead of its arrival an event may count (default 1 min, ≥ 0): an
 *                         event counts at {@code min(timestamp, arrival + maxLead)}, so one fast
 *                         client clock cannot move everyone's "now" (see {@link EffectiveTime})
 */
public record StatsConfig(
    String windows,
    Duration allowedLateness,
    double ratePriorStrength,
    String compositeKeys,
    Duration maxLead) {

  public StatsConfig {
    Objects.requireNonNull(windows, "stats windows");
    Objects.requireNonNull(allowedLateness, "stats allowed-lateness");
    Objects.requireNonNull(compositeKeys, "stats composite-keys");
    Objects.requireNonNull(maxLead, "stats max-lead");
    if (maxLead.isNegative()) {
      throw new IllegalArgumentException("stats max-lead must not be negative but was " + maxLead);
    }
    if (!(ratePriorStrength >= 0) || Double.isInfinite(ratePriorStrength)) {
      throw new IllegalArgumentException(
          "stats rate-prior-strength must be a finite number >= 0 but was " + ratePriorStrength);
    }
    new Windows(split(windows), allowedLateness); // validates names and lateness
    split(compositeKeys).forEach(CompositeKey::new);
  }

  /** A configuration with the default {@code maxLead} ({@link EffectiveTime#DEFAULT_MAX_LEAD}). */
  public StatsConfig(
      String windows, Duration allowedLateness, double ratePriorStrength, String compositeKeys) {
    this(
        windows, allowedLateness, ratePriorStrength, compositeKeys, EffectiveTime.DEFAULT_MAX_LEAD);
  }

  public static StatsConfig defaults() {
    return new StatsConfig(
        String.join(",", Windows.DEFAULT_NAMES),
        Duration.ofMinutes(10),
        10,
        "campaign_id+category,ad_id+attributes.placement");
  }

  /** The effective-time rule of {@code maxLead}. */
  public EffectiveTime toEffectiveTime() {
    return new EffectiveTime(maxLead);
  }

  /** The windows as a {@link Windows}. */
  public Windows toWindows() {
    return new Windows(split(windows), allowedLateness);
  }

  /** The composite keys, parsed. */
  public List<CompositeKey> toCompositeKeys() {
    return split(compositeKeys).stream().map(CompositeKey::new).toList();
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
