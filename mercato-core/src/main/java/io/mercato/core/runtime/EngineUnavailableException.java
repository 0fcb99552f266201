package io.mercato.core.runtime;

import io.mercato.core.error.MercatoException;

/** The engine cannot take or serve requests now: still recovering, closed, or failed (journal I/O error). */
public final class EngineUnavailableException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message) {
    super(message);
  }

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
