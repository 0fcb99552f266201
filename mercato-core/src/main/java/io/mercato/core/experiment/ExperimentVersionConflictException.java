package io.mercato.core.experiment;

import io.mercato.core.error.MercatoException;

/**
 * A write of version {@code attempted} of experiment {@code key} found version {@code latest} stored:
 * it must be {@code latest + 1}. The HTTP edge answers 409 Conflict; the client re-reads and retries.
 */
public class ExperimentVersionConflictException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final int attempted;
  private final int latest;

  public ExperimentVersionConflictException(String key, int attempted, int latest) {
    super(
        "experiment \""
            + key
            + "\" is at version "
            + latest
            + "; a write must add version "
            + (latest + 1)
            + " but was version "
            + attempted);
    this.key = key;
    this.attempted = attempted;
    this.latest = latest;
  }

  public String key() {
    return key;
  }

  public int attempted() {
    return attempted;
  }

  public int latest() {
    return latest;
  }
}
