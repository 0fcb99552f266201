package io.mercato.server;

import io.mercato.engine.EngineStatus;
import io.mercato.server.backend.NodeStatus;
import java.util.Locale;
import java.util.Map;

/** {@code /ready} found the node not ready; answered with 503 carrying the state and its reason. */
final class EngineNotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String state;
  private final transient Map<String, Object> progress;

  EngineNotReadyException(NodeStatus status) {
    super(status.reason());
    this.state = status.state();
    this.progress = status.progress();
  }

  EngineNotReadyException(EngineStatus status) {
    super(describe(status));
    this.state = status.state().name();
    this.progress = Map.of();
  }

  /** "engine is recovering: replaying the journal", for clients and logs. */
  static String describe(EngineStatus status) {
    return "engine is "
        + status.state().name().toLowerCase(Locale.ROOT)
        + (status.detail() == null ? "" : ": " + status.detail());
  }

  /** The machine-readable state, e.g. RECOVERING. */
  String state() {
    return state;
  }

  /** Extension members of the answer, e.g. {@code recovery} (may be empty). */
  Map<String, Object> progress() {
    return progress;
  }
}
