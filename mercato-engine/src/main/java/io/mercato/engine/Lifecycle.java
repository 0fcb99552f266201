package io.mercato.engine;

import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.EngineStatus.State;

/**
 * Where the engine stands (RECOVERING, READY, FAILED, CLOSED) and why, shared by the engine's parts so
 * that each can refuse work when the engine is not READY, or turn it FAILED, without calling back into
 * {@link Engine}. The state only moves forward: RECOVERING → READY or FAILED; READY → FAILED; any → CLOSED.
 */
final class Lifecycle {
  private final RecoveryProgress progress;
  private volatile State state = State.RECOVERING;
  private volatile String detail = "recovering: loading snapshot and replaying the journal";

  Lifecycle(RecoveryProgress progress) {
    this.progress = progress;
  }

  State state() {
    return state;
  }

  /** Why the engine is not READY (the recovery's progress while RECOVERING), or null when READY. */
  String detail() {
    return state == State.RECOVERING ? progress.status().describe() : detail;
  }

  /** @throws EngineUnavailableException unless READY, naming the state and why */
  void requireReady() {
    State s = state;
    if (s != State.READY) {
      String why = s == State.RECOVERING ? progress.status().describe() : detail;
      throw new EngineUnavailableException(
          "engine is " + s.name().toLowerCase() + (why == null ? "" : ": " + why));
    }
  }

  /** RECOVERING → READY; no effect once FAILED or CLOSED. */
  void ready() {
    if (state == State.RECOVERING) {
      state = State.READY;
      detail = null;
    }
  }

  /** Turns FAILED with the reason, unless already CLOSED. */
  void fail(String why) {
    if (state != State.CLOSED) {
      state = State.FAILED;
      detail = why;
    }
  }

  /** Turns CLOSED (callers hold the ingest lock, so no batch is half-way through). */
  void close() {
    state = State.CLOSED;
    detail = "closed";
  }
}
