package io.mercato.server;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.mercato.engine.Engine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin on Jetty) in front of an {@link Engine}: the routes of {@link Routes}, one
 * handler class each, errors as problem+json through {@link Problems}, request metrics in the shared
 * Prometheus registry. The server translates between HTTP and engine calls and holds no state of its
 * own, so it may be started before the engine finished recovering ({@code /ready} tells when).
 *
 * <p>Lifecycle: {@link #start} binds and returns once the port is open; {@link #close} stops
 * accepting requests and stops Jetty. Closing the server does not close the engine: whoever started
 * the engine closes it, after the server, so no request races the final snapshot.
 */
public final class MercatoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MercatoServer.class);

  private final Javalin app;
  private final ScheduledExecutorService streams;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MercatoServer(Javalin app, ScheduledExecutorService streams) {
    this.app = app;
    this.streams = streams;
  }

  /**
   * Builds the routes and starts listening on {@code config.host():config.port()}.
   *
   * @param registry where request metrics go and what {@code /metrics} scrapes; normally the registry
   *                 the engine registered its meters in
   * @throws IllegalStateException when the port cannot be bound
   */
  public static MercatoServer start(ServerConfig config, Engine engine, PrometheusMeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(registry, "registry");
    // pushes of the SSE streams: one small pool, since each push is a short read of the engine
    ScheduledExecutorService streams = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "mercato-sse");
      t.setDaemon(true);
      return t;
    });
    Map<ApiRoute, Handler> handlers = Map.ofEntries(
        Map.entry(Routes.INGEST_EVENTS, new IngestEventsEndpoint(engine, config.maxBodyBytes())),
        Map.entry(Routes.EVENT_SAMPLE, new EventSampleEndpoint(engine)),
        Map.entry(Routes.STATS, new StatsEndpoint(engine)),
        Map.entry(Routes.PUT_ITEM, new PutItemEndpoint(engine, config.maxBodyBytes())),
        Map.entry(Routes.GET_ITEM, new GetItemEndpoint(engine)),
        Map.entry(Routes.LIST_ITEMS, new ListItemsEndpoint(engine)),
        Map.entry(Routes.POST_ITEMS, new PostItemsEndpoint(engine, config.maxBodyBytes())),
        Map.entry(Routes.ITEM_STATS, new ItemStatsEndpoint(engine)),
        Map.entry(Routes.USER_PROFILE, new UserProfileEndpoint(engine)),
        Map.entry(Routes.USER_SEGMENTS, new UserSegmentsEndpoint(engine)),
        Map.entry(Routes.PUT_CAMPAIGN, CampaignEndpoints.put(engine, config.maxBodyBytes())),
        Map.entry(Routes.GET_CAMPAIGN, CampaignEndpoints.get(engine)),
        Map.entry(Routes.DELETE_CAMPAIGN, CampaignEndpoints.delete(engine)),
        Map.entry(Routes.LIST_CAMPAIGNS, CampaignEndpoints.list(engine)),
        Map.entry(Routes.PUT_AD, AdEndpoints.put(engine, config.maxBodyBytes())),
        Map.entry(Routes.GET_AD, AdEndpoints.get(engine)),
        Map.entry(Routes.DELETE_AD, AdEndpoints.delete(engine)),
        Map.entry(Routes.LIST_ADS, AdEndpoints.list(engine)),
        Map.entry(Routes.CATEGORY_STATS, new CategoryStatsEndpoint(engine)),
        Map.entry(Routes.TRENDING, new TrendingEndpoint(engine)),
        Map.entry(Routes.RECOMMENDATIONS, new RecommendationsEndpoint(engine)),
        Map.entry(Routes.RANK, new RankEndpoint(engine, config.maxBodyBytes())),
        Map.entry(Routes.SIMILAR_ITEMS, new SimilarItemsEndpoint(engine)),
        Map.entry(Routes.ALS_STATUS, AlsModelEndpoints.status(engine)),
        Map.entry(Routes.ALS_TRAIN, AlsModelEndpoints.train(engine)),
        Map.entry(Routes.DECISIONS, new DecisionsEndpoint(engine)),
        Map.entry(Routes.DECISION_CHECK, new DecisionCheckEndpoint(engine)),
        Map.entry(Routes.CAMPAIGN_KPIS, new CampaignKpisEndpoint(engine)),
        Map.entry(Routes.CAMPAIGN_KPIS_STREAM, new CampaignKpisStream(engine, streams)),
        Map.entry(Routes.HEALTH, new HealthEndpoint()),
        Map.entry(Routes.READY, new ReadyEndpoint(engine)),
        Map.entry(Routes.METRICS, new MetricsEndpoint(registry)),
        Map.entry(Routes.OPENAPI, OpenApiEndpoint.fromClasspath()));
    requireOneHandlerPerRoute(handlers);
    HttpMetrics metrics = new HttpMetrics(registry);
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      // For any handler reading the body through Javalin; /v1/events, /v1/items, /v1/campaigns and /v1/ads enforce the limit themselves.
      c.http.maxRequestSize = config.maxBodyBytes();
      c.http.prefer405over404 = true;
      for (ApiRoute route : Routes.ALL) {
        c.routes.addHttpHandler(HandlerType.findOrCreate(route.method()), route.path(), handlers.get(route));
      }
      c.routes.exception(HttpResponseException.class, Problems::handle);
      c.routes.exception(Exception.class, Problems::handle);
      c.requestLogger.http(metrics);
      c.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      streams.shutdownNow();
      try {
        app.stop();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw new IllegalStateException("cannot serve HTTP on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("HTTP API listening on {}:{}", config.host(), app.port());
    return new MercatoServer(app, streams);
  }

  /** The bound port: the configured one, or the one chosen when the configuration said 0. */
  public int port() {
    return app.port();
  }

  /** Stops the HTTP server (not the engine). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      streams.shutdownNow();
      app.stop();
      LOG.info("HTTP API stopped");
    }
  }

  /** A route without a handler would be documented but answer 404; fail at startup instead. */
  private static void requireOneHandlerPerRoute(Map<ApiRoute, Handler> handlers) {
    Set<ApiRoute> missing = new HashSet<>(Routes.ALL);
    missing.removeAll(handlers.keySet());
    Set<ApiRoute> extra = new HashSet<>(handlers.keySet());
    extra.removeAll(Routes.ALL);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException("route table and handlers disagree: no handler for " + missing
          + ", handlers for unlisted routes " + extra);
    }
  }
}
