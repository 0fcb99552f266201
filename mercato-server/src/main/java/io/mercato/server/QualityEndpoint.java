package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.server.backend.Backend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * {@code GET /v1/quality}: the data-quality view of this node ({@link QualityViews.Body}): how every
 * record of every ingestion path was accounted for ({@code read = accepted + duplicates + sampled +
 * rejected}, per source), rejections by reason and field, lateness, the skew of event time against
 * arrival, events naming unknown catalog items, and volume anomalies per (type, source). Counts are
 * since this process started. In cluster mode an API node answers what it can know (its own
 * accounting, rejections, skew and volume) and lists in {@code limits} what the Flink job decides
 * instead. Served while the engine recovers too (counts are then from before any event).
 */
final class QualityEndpoint implements Handler {
  /** The counter another part of the server keeps for events far ahead of its clock, when present. */
  static final String CLOCK_SKEWED = "mercato.events.clock.skewed";

  private final Backend backend;
  private final MeterRegistry registry;

  QualityEndpoint(Backend backend, MeterRegistry registry) {
    this.backend = backend;
    this.registry = registry;
  }

  @Override
  public void handle(Context ctx) {
    Json.respond(
        ctx,
        200,
        QualityViews.of(
            backend.mode(),
            backend.quality().report(),
            backend.quality().config(),
            clockSkewed(),
            backend.qualityLimits()));
  }

  /** The sum of every {@value #CLOCK_SKEWED} counter in the registry, or null when there is none. */
  private Double clockSkewed() {
    Collection<Meter> meters = registry.find(CLOCK_SKEWED).meters();
    if (meters.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (Meter m : meters) {
      if (m instanceof Counter c) {
        sum += c.count();
      } else if (m instanceof FunctionCounter f) {
        sum += f.count();
      }
    }
    return sum;
  }
}
