package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: every meter of the shared registry (the engine's, the server's
 * {@code http_server_requests_seconds}, JVM meters if the application bound them) in the Prometheus
 * text format 0.0.4.
 */
final class MetricsEndpoint implements Handler {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsEndpoint(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(Context ctx) {
    ctx.status(200).contentType(CONTENT_TYPE).result(registry.scrape());
  }
}
