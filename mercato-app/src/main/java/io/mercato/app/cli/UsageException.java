package io.mercato.app.cli;

import io.mercato.core.error.MercatoException;

/**
 * Arguments that parse but do not make sense together, or input files a command cannot use; exits
 * with code 2 like a parse error. Public for the commands in subpackages.
 */
public final class UsageException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
