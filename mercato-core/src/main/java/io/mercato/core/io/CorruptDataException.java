package io.mercato.core.io;

import io.mercato.core.error.MercatoException;

/** Binary data that does not decode: truncated, inconsistent, or of an unknown format version. */
public class CorruptDataException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public CorruptDataException(String message) {
    super(message);
  }
}
