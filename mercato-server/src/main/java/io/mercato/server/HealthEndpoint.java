package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code GET /health}: liveness. Answers 200 {@code {"status": "UP"}} whenever the process serves
 * HTTP, whatever the engine's state: a recovering or failed engine is a readiness matter
 * ({@code /ready}), and restarting the process would not help a recovery in progress.
 */
final class HealthEndpoint implements Handler {
  private static final byte[] UP = Json.bytes(Map.of("status", "UP"));

  @Override
  public void handle(Context ctx) {
    ctx.status(200).contentType(Json.MEDIA_TYPE).result(UP);
  }
}
