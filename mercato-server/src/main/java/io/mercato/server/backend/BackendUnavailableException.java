package io.mercato.server.backend;

/**
 * A system the backend depends on (Kafka, Redis) failed or cannot be reached; nothing of the request
 * was claimed as done. Answered 503 with Retry-After. The message is sent to clients, so it names the
 * system but no host or credential; the cause is logged.
 */
public final class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
