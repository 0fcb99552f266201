package io.mercato.core.quality;

import io.mercato.core.time.Windows;
import java.util.Locale;

/**
 * How an event's time stands against the newest event time the runtime has seen ("now" of the
 * statistics), per the lateness rules of {@link Windows}. Only {@link #TOO_LATE} changes what happens
 * to the event (it is rejected); the others are data-quality observations.
 */
public enum Timeliness {
  /** At or after the newest event time (or the first event): in order. */
  ON_TIME,
  /**
   * Behind the newest event time by at most the allowed lateness: counts exactly as if it had arrived
   * in order.
   */
  LATE,
  /**
   * Behind by more than the allowed lateness but not too late: still counts in the windows whose
   * buckets are kept, and may miss the short ones.
   */
  VERY_LATE,
  /** Older than the newest event time minus the longest window and the allowed lateness: rejected. */
  TOO_LATE;

  /** The stable code, e.g. {@code very_late}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Classifies an event at {@code eventMillis} against {@code newestMillis} ({@link Long#MIN_VALUE}
   * when nothing was seen yet: everything is then on time). Both are epoch milliseconds of events the
   * validator admitted (1970 onwards), so their difference cannot overflow.
   */
  public static Timeliness of(long eventMillis, long newestMillis, Windows windows) {
    if (newestMillis == Long.MIN_VALUE || eventMillis >= newestMillis) {
      return ON_TIME;
    }
    if (windows.tooLate(eventMillis, newestMillis)) {
      return TOO_LATE;
    }
    return newestMillis - eventMillis <= windows.latenessMillis() ? LATE : VERY_LATE;
  }
}
