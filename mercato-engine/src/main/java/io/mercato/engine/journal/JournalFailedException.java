package io.mercato.engine.journal;

/**
 * A write or fsync of the journal failed. The journal is then failed for good: it accepts no more
 * appends and never reports the records that were not yet durable as durable, because after a failed
 * fsync the operating system may have dropped the dirty pages while clearing the error. Restart the
 * process; recovery on open keeps exactly what is on disk.
 */
public final class JournalFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   * @param cause   the underlying I/O error, may be null
   */
  public JournalFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
