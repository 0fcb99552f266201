package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineStatus;

/**
 * {@code GET /ready}: readiness. 200 with the engine's status when it is READY:
 * <pre>{@code {"status": "READY", "shards": 4, "queued": 0, "last_sequence": 120, "durable_sequence": 120,
 *  "snapshot_sequence": 100, "recovered_from_snapshot": 100, "replayed_events": 20}}</pre>
 * Otherwise 503 problem+json (type {@code .../not-ready}) with {@code state} (RECOVERING, FAILED or
 * CLOSED) and the reason in {@code detail}. Load balancers send traffic only while this says 200.
 */
final class ReadyEndpoint implements Handler {
  private final Engine engine;

  ReadyEndpoint(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(Context ctx) {
    EngineStatus s = engine.status();
    if (!s.ready()) {
      throw new EngineNotReadyException(s);
    }
    Json.respond(ctx, 200, new Response(s.state().name(), s.shards(), s.queued(), s.lastSequence(),
        s.durableSequence(), s.snapshotSequence(), s.recoveredFromSnapshot(), s.replayedEvents()));
  }

  /** The 200 body; see {@link EngineStatus} for the meaning of each member. */
  record Response(String status, int shards, long queued, long lastSequence, long durableSequence,
      long snapshotSequence, long recoveredFromSnapshot, long replayedEvents) {}
}
