package io.mercato.core.experiment;

import io.mercato.core.error.MercatoException;

/** The experiment store failed (unreachable, full, a stored row that does not load). */
public class ExperimentStoreException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public ExperimentStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
