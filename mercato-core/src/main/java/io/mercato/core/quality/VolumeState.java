package io.mercato.core.quality;

import java.util.Locale;

/**
 * Where one (type, source) series of {@link VolumeMonitor} stands.
 *
 * @param type              the event type
 * @param source            the source (e.g. {@code http}, a client's {@code source}, {@code replay:<file>})
 * @param status            see {@link Status}
 * @param baselinePerMinute the baseline, events per minute; NaN before the first minute joined it
 * @param recentPerMinute   the mean per-minute count of the judged span; NaN when not judged
 * @param judgedMinutes     the judged span in whole minutes (0 when not judged)
 * @param dropSinceMillis   start of the judged span when the drop was first seen (epoch ms), or
 *                          {@link Long#MIN_VALUE} when not flagged
 * @param drops             how often the series became flagged since it was first seen
 * @param lastEventMillis   start of the minute of its latest event (epoch ms, arrival time)
 */
public record VolumeState(
    String type,
    String source,
    Status status,
    double baselinePerMinute,
    double recentPerMinute,
    int judgedMinutes,
    long dropSinceMillis,
    long drops,
    long lastEventMillis) {

  /** The verdict on a series. */
  public enum Status {
    /** Not enough history yet: the first hour plus {@code volume-min-history}. */
    LEARNING,
    /** Too slow to judge: its baseline expects fewer than {@code volume-min-events} events an hour. */
    TOO_QUIET,
    /** The recent rate is at least the drop fraction of the baseline. */
    OK,
    /** The recent rate fell below the drop fraction of the baseline: a broken tracker? */
    DROP;

    /** The stable code, e.g. {@code too_quiet}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
