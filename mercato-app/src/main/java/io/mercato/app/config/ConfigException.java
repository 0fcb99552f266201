package io.mercato.app.config;

import io.mercato.core.error.MercatoException;

/**
 * The configuration cannot be used: an unknown key, a value of the wrong form, or a value the
 * component refuses. The message names the key path (e.g. {@code journal.fsync}) and where the value
 * came from (file, environment variable or flag), so it can be printed to a user as is.
 */
public final class ConfigException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
