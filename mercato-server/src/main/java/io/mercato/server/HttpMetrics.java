package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs after every request (also 404s and failures): records the {@code http.server.requests} timer
 * and writes the access log line at DEBUG on logger {@value #ACCESS_LOGGER}.
 *
 * <p>Tags: {@code method} (GET, POST, ... or OTHER), {@code route} (the route template such as
 * {@code /v1/events}, or {@value #UNMATCHED} when no route matched) and {@code status}. The route
 * template rather than the raw path, and OTHER for unusual methods, keep the number of series bounded
 * whatever clients send. The timer publishes a percentile histogram (buckets from 1 ms to 10 s) so
 * Prometheus can aggregate latency quantiles across instances.
 */
final class HttpMetrics implements RequestLogger {
  static final String METER = "http.server.requests";
  static final String ACCESS_LOGGER = "io.mercato.server.access";
  static final String UNMATCHED = "UNMATCHED";
  private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Meter.MeterProvider<Timer> timers;

  HttpMetrics(MeterRegistry registry) {
    this.timers =
        Timer.builder(METER)
            .description("HTTP requests served, by method, route template and status")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .withRegistry(registry);
  }

  @Override
  public void handle(Context ctx, Float executionTimeMs) {
    String method = ctx.method().name();
    String methodTag = METHODS.contains(method) ? method : "OTHER";
    String route = route(ctx);
    int status = ctx.statusCode();
    long nanos = (long) (executionTimeMs * 1_000_000.0);
    timers
        .withTags("method", methodTag, "route", route, "status", Integer.toString(status))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (ACCESS.isDebugEnabled()) {
      ACCESS.debug(
          "{} {} {} -> {} in {} ms",
          ctx.ip(),
          method,
          ctx.path(),
          status,
          String.format(Locale.ROOT, "%.2f", executionTimeMs));
    }
  }

  /** The matched route's template, or {@value #UNMATCHED} (404, 405). */
  private static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    return endpoint == null ? UNMATCHED : endpoint.path;
  }
}
