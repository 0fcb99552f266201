package io.mercato.core.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the data-quality view ({@link DataQuality}).
 *
 * @param volumeWindow       the shortest span of recent whole minutes a (type, source) series is judged
 *                           over; 1 to 60 minutes (default 5 min)
 * @param volumeDropFraction a series is flagged when its recent per-minute rate is below this share of
 *                           its baseline; in (0, 1) (default 0.2)
 * @param volumeMinHistory   minutes of baseline a series needs before it is judged, on top of the hour
 *                           its recent minutes spend before they join the baseline; at least 1 minute
 *                           (default 1 h)
 * @param volumeMinEvents    events the baseline must expect in the judged span: the span grows from
 *                           {@code volumeWindow} up to 60 minutes until it does, and a series too slow
 *                           to expect that many in an hour is not judged; at least 1 (default 30)
 * @param volumeHalfLife     half-life of the baseline, an exponentially weighted mean of per-minute
 *                           counts; at least 1 minute (default 1 h)
 * @param maxSources         distinct sources tracked; events of further sources are counted under
 *                           {@value DataQuality#OTHER_SOURCE}; 1 to 10,000 (default 64)
 * @param skewPeriod         the span of one arrival-skew sketch (the report covers one to two);
 *                           positive (default 1 h)
 */
public record QualityConfig(
    Duration volumeWindow,
    double volumeDropFraction,
    Duration volumeMinHistory,
    long volumeMinEvents,
    Duration volumeHalfLife,
    int maxSources,
    Duration skewPeriod) {

  public QualityConfig {
    Objects.requireNonNull(volumeWindow, "volume-window");
    Objects.requireNonNull(volumeMinHistory, "volume-min-history");
    Objects.requireNonNull(volumeHalfLife, "volume-half-life");
    Objects.requireNonNull(skewPeriod, "skew-period");
    if (volumeWindow.toMinutes() < 1
        || volumeWindow.toMinutes() > VolumeMonitor.MAX_SPAN_MINUTES
        || volumeWindow.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException(
          "volume-window must be whole minutes from 1m to "
              + VolumeMonitor.MAX_SPAN_MINUTES
              + "m but was "
              + volumeWindow);
    }
    if (!(volumeDropFraction > 0 && volumeDropFraction < 1)) {
      throw new IllegalArgumentException(
          "volume-drop-fraction must be between 0 and 1 (exclusive) but was " + volumeDropFraction);
    }
    if (volumeMinHistory.toMinutes() < 1) {
      throw new IllegalArgumentException(
          "volume-min-history must be at least 1m but was " + volumeMinHistory);
    }
    if (volumeMinEvents < 1) {
      throw new IllegalArgumentException(
          "volume-min-events must be at least 1 but was " + volumeMinEvents);
    }
    if (volumeHalfLife.toMinutes() < 1) {
      throw new IllegalArgumentException(
          "volume-half-life must be at least 1m but was " + volumeHalfLife);
    }
    if (maxSources < 1 || maxSources > 10_000) {
      throw new IllegalArgumentException(
          "max-sources must be between 1 and 10000 but was " + maxSources);
    }
    if (skewPeriod.isNegative() || skewPeriod.isZero()) {
      throw new IllegalArgumentException("skew-period must be positive but was " + skewPeriod);
    }
  }

  /** The documented defaults. */
  public static QualityConfig defaults() {
    return new QualityConfig(
        Duration.ofMinutes(5),
        0.2,
        Duration.ofHours(1),
        30,
        Duration.ofHours(1),
        64,
        Duration.ofHours(1));
  }
}
