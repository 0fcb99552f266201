package io.mercato.store.redis;

/** Redis could not be reached or a command failed; the caller's work was not (fully) done. */
public final class RedisStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RedisStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
