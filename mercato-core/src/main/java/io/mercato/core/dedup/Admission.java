package io.mercato.core.dedup;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import io.mercato.core.quality.TooLate;
import io.mercato.core.time.Windows;

/**
 * The admission rule every runtime applies to a valid event, written once: in this order,
 * <ol>
 *   <li><b>too late</b>: older than the newest admitted event time minus the longest window and the
 *       allowed lateness ({@link Windows#tooLate}); checked first, so a rejected event does not claim
 *       its id;</li>
 *   <li><b>duplicate</b>: its {@code event_id} was admitted before (an event with a generated id is
 *       never a duplicate: nothing could have sent it twice);</li>
 *   <li>otherwise <b>accepted</b>, and the newest event time advances to the event's time.</li>
 * </ol>
 * The embedded engine's ingest, its journal replay ({@link #readmit}) and the Flink job's operators
 * each hold one and differ only in where ids are remembered ({@link IdMemory}: core's
 * {@link DedupIndex}, or Flink keyed state).
 *
 * <p>Holds the newest admitted event time ({@link Long#MIN_VALUE} before any); not thread-safe: one
 * writer at a time (the engine's ingest lock, a Flink operator instance).
 */
public final class Admission {
  /** What the rule decided for one event. */
  public enum Verdict {
    /** Counted: the caller applies and stores it. */
    ACCEPTED,
    /** Its id was admitted before: acknowledged, not counted again. */
    DUPLICATE,
    /** Older than the windows and lateness allow: rejected with {@link #tooLateError}. */
    TOO_LATE
  }

  /**
   * Where admitted event ids are remembered.
   *
   * @param <X> what the store may throw (Flink state access throws {@link Exception})
   */
  @FunctionalInterface
  public interface IdMemory<X extends Exception> {
    /**
     * Remembers the id of {@code e} (never a generated one) unless it already is.
     *
     * @return true if it was new, false if it was remembered before (a duplicate)
     */
    boolean markIfNew(Event e) throws X;
  }

  private final Windows windows;
  private long newest;

  /**
   * @param windows      the statistics windows and lateness the too-late rule reads
   * @param newestMillis the newest event time admitted so far, {@link Long#MIN_VALUE} if none
   */
  public Admission(Windows windows, long newestMillis) {
    this.windows = windows;
    this.newest = newestMillis;
  }

  /** Decides one event and, when it is accepted, remembers its id and advances the newest time. */
  public <X extends Exception> Verdict admit(Event e, IdMemory<X> ids) throws X {
    long t = e.timestampMillis();
    if (windows.tooLate(t, newest)) {
      return Verdict.TOO_LATE;
    }
    if (!e.generatedId() && !ids.markIfNew(e)) {
      return Verdict.DUPLICATE;
    }
    if (t > newest) {
      newest = t;
    }
    return Verdict.ACCEPTED;
  }

  /**
   * Takes in an event admitted before (journal replay): remembers its id and advances the newest time
   * as {@link #admit} did when it accepted it; nothing is rejected.
   */
  public <X extends Exception> void readmit(Event e, IdMemory<X> ids) throws X {
    if (!e.generatedId()) {
      ids.markIfNew(e);
    }
    newest = Math.max(newest, e.timestampMillis());
  }

  /**
   * Raises the newest event time to {@code newestMillis} when it is newer (a Flink instance learns
   * the stream's newest time from watermarks and restored checkpoints, not only its own events).
   */
  public void observe(long newestMillis) {
    if (newestMillis > newest) {
      newest = newestMillis;
    }
  }

  /** The newest admitted (or observed) event time, {@link Long#MIN_VALUE} if none. */
  public long newestMillis() {
    return newest;
  }

  /** The windows the rule reads. */
  public Windows windows() {
    return windows;
  }

  /** The one error every runtime reports for a too-late event (field {@code timestamp}). */
  public FieldError tooLateError() {
    return TooLate.error(windows);
  }
}
