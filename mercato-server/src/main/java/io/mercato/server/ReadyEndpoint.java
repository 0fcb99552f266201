package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.server.backend.Backend;
import io.mercato.server.backend.NodeStatus;

/**
 * {@code GET /ready}: readiness ({@link Backend#status()}). Embedded mode: 200 with the engine's status
 * when it is READY:
 * <pre>{@code {"status": "READY", "shards": 4, "queued": 0, "last_sequence": 120, "durable_sequence": 120,
 *  "snapshot_sequence": 100, "recovered_from_snapshot": 100, "replayed_events": 20}}</pre>
 * otherwise 503 problem+json (type {@code .../not-ready}) with {@code state} (RECOVERING, FAILED or
 * CLOSED) and the reason in {@code detail}. Cluster mode: 200 while Kafka and Redis both answer,
 * {@code {"status": "READY", "mode": "cluster", "kafka": "reachable", "redis": "reachable"}}, else 503
 * with state {@code UNAVAILABLE} naming the system that does not answer. Load balancers send traffic only while this says 200.
 */
final class ReadyEndpoint implements Handler {
  private final Backend backend;

  ReadyEndpoint(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void handle(Context ctx) {
    NodeStatus s = backend.status();
    if (!s.ready()) {
      throw new EngineNotReadyException(s);
    }
    Json.respond(ctx, 200, s.members());
  }
}
