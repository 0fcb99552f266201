package io.mercato.server;

import io.mercato.engine.EngineStatus;

/** {@code /ready} found the engine not READY; answered with 503 carrying the state and its reason. */
final class EngineNotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient EngineStatus status;

  EngineNotReadyException(EngineStatus status) {
    super(describe(status));
    this.status = status;
  }

  /** "engine is recovering: replaying the journal", for clients and logs. */
  static String describe(EngineStatus status) {
    return "engine is " + status.state().name().toLowerCase(java.util.Locale.ROOT)
        + (status.detail() == null ? "" : ": " + status.detail());
  }

  EngineStatus status() {
    return status;
  }
}
