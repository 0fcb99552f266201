package io.mercato.app;

import io.mercato.core.error.MercatoException;

/** Arguments that parse but do not make sense together; exits with code 2 like a parse error. */
final class UsageException extends MercatoException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
