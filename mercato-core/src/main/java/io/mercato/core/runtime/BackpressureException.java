package io.mercato.core.runtime;

import io.mercato.core.error.MercatoException;
import java.time.Duration;

/** The shard queues are full; nothing of the batch was recorded. Retry after {@link #retryAfter()}. */
public final class BackpressureException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public BackpressureException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
