package io.mercato.core.event;

import java.util.Locale;

/**
 * Why an event was not recorded: the {@code reason} of a dead letter, of a rejected entry in the
 * answer of {@code POST /v1/events} and of the data-quality metrics. Every ingestion path accounts
 * for each record it reads as accepted, duplicate, sampled or rejected for one of these reasons.
 *
 * <p>Codes are stable, lower-case snake case. Later features add reasons (for instance events of a
 * suppressed user); readers of dead letters must accept codes they do not know.
 */
public enum RejectReason {
  /** The record broke a rule of the event contract (or was not an event at all). */
  INVALID,
  /**
   * A valid event older than the newest event time minus the longest window and the allowed
   * lateness: it would count in no window.
   */
  TOO_LATE;

  /** The stable code, e.g. {@code too_late}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The reason of {@code code}.
   *
   * @throws IllegalArgumentException when no reason has that code
   */
  public static RejectReason ofCode(String code) {
    for (RejectReason r : values()) {
      if (r.code().equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown reject reason \"" + code + "\"");
  }
}
