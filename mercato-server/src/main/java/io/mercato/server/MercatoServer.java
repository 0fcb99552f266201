package io.mercato.server;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.mercato.engine.Engine;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import io.mercato.server.backend.RecoReads;
import io.mercato.server.backend.RuleScheduler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin on Jetty) in front of a {@link Backend} (the embedded {@link Engine}, or a
 * cluster API node's Kafka and Redis): the routes of {@link Routes}, one
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
  private final QualityMetrics quality;
  private final RuleScheduler rules; // null where the backend has no automation
  private final AtomicBoolean closed = new AtomicBoolean();

  private MercatoServer(
      Javalin app, ScheduledExecutorService streams, QualityMetrics quality, RuleScheduler rules) {
    this.app = app;
    this.streams = streams;
    this.quality = quality;
    this.rules = rules;
  }

  /**
   * Builds the routes over the embedded {@code engine} and starts listening; the same as
   * {@code start(config, Backend.embedded(engine), registry)}.
   *
   * @throws IllegalStateException when the port cannot be bound
   */
  public static MercatoServer start(
      ServerConfig config, Engine engine, PrometheusMeterRegistry registry) {
    return start(config, Backend.embedded(Objects.requireNonNull(engine, "engine")), registry);
  }

  /**
   * Builds the routes over {@code backend} and starts listening on {@code config.host():config.port()}.
   * Routes the backend cannot serve (it has no {@link Backend#engine()}) answer 501.
   *
   * @param registry where request metrics go and what {@code /metrics} scrapes; normally the registry
   *                 the backend registered its meters in
   * @throws IllegalStateException when the port cannot be bound
   */
  public static MercatoServer start(
      ServerConfig config, Backend backend, PrometheusMeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(registry, "registry");
    // pushes of the SSE streams: one small pool, since each push is a short read of the engine
    ScheduledExecutorService streams =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread t = new Thread(r, "mercato-sse");
              t.setDaemon(true);
              return t;
            });
    int max = config.maxBodyBytes();
    Optional<Engine> engine = backend.engine();
    Overview overview = new Overview(backend, streams);
    Map<ApiRoute, Handler> handlers =
        new HashMap<>(
            Map.ofEntries(
                Map.entry(
                    Routes.INGEST_EVENTS,
                    new IngestEventsEndpoint(backend, max, config.maxRejectionsListed())),
                Map.entry(Routes.STATS, new StatsEndpoint(backend.reads())),
                Map.entry(Routes.ITEM_STATS, new ItemStatsEndpoint(backend.reads())),
                Map.entry(Routes.USER_PROFILE, new UserProfileEndpoint(backend.reads())),
                Map.entry(Routes.USER_SEGMENTS, new UserSegmentsEndpoint(backend)),
                Map.entry(Routes.PUT_CAMPAIGN, CampaignEndpoints.put(backend, max)),
                Map.entry(Routes.GET_CAMPAIGN, CampaignEndpoints.get(backend)),
                Map.entry(Routes.DELETE_CAMPAIGN, CampaignEndpoints.delete(backend)),
                Map.entry(Routes.LIST_CAMPAIGNS, CampaignEndpoints.list(backend)),
                Map.entry(Routes.PUT_AD, AdEndpoints.put(backend, max)),
                Map.entry(Routes.GET_AD, AdEndpoints.get(backend)),
                Map.entry(Routes.DELETE_AD, AdEndpoints.delete(backend)),
                Map.entry(Routes.LIST_ADS, AdEndpoints.list(backend)),
                Map.entry(Routes.CATEGORY_STATS, new CategoryStatsEndpoint(backend.reads())),
                Map.entry(Routes.TRENDING, new TrendingEndpoint(backend.reads())),
                Map.entry(Routes.HEALTH, new HealthEndpoint()),
                Map.entry(Routes.READY, new ReadyEndpoint(backend)),
                Map.entry(Routes.QUALITY, new QualityEndpoint(backend, registry)),
                Map.entry(Routes.METRICS, new MetricsEndpoint(registry)),
                Map.entry(Routes.OPENAPI, OpenApiEndpoint.fromClasspath()),
                Map.entry(Routes.CONSOLE, ConsolePage.fromClasspath()),
                Map.entry(Routes.DECISIONS, new DecisionsEndpoint(backend.ads())),
                Map.entry(Routes.DECISION_CHECK, new DecisionCheckEndpoint(backend.ads())),
                Map.entry(Routes.CAMPAIGN_KPIS, new CampaignKpisEndpoint(backend.ads())),
                Map.entry(
                    Routes.CAMPAIGN_KPIS_STREAM, new CampaignKpisStream(backend.ads(), streams)),
                Map.entry(Routes.LIST_RULES, RuleEndpoints.list(backend)),
                Map.entry(Routes.CREATE_RULE, RuleEndpoints.create(backend, max)),
                Map.entry(Routes.PREVIEW_RULE, RuleEndpoints.preview(backend, max)),
                Map.entry(Routes.GET_RULE, RuleEndpoints.get(backend)),
                Map.entry(Routes.PUT_RULE, RuleEndpoints.put(backend, max)),
                Map.entry(Routes.DELETE_RULE, RuleEndpoints.delete(backend)),
                Map.entry(Routes.RULE_VERSIONS, RuleEndpoints.versions(backend)),
                Map.entry(Routes.RULE_VERSION, RuleEndpoints.version(backend)),
                Map.entry(Routes.RULE_RUNS, RuleEndpoints.runs(backend)),
                Map.entry(Routes.CAMPAIGN_ACTIONS, ActionEndpoints.campaign(backend, max)),
                Map.entry(Routes.AD_ACTIONS, ActionEndpoints.ad(backend, max)),
                Map.entry(Routes.AUDIT, AuditEndpoints.list(backend)),
                Map.entry(Routes.AUDIT_STREAM, new AuditFeed(backend, streams)),
                Map.entry(Routes.AUDIT_ENTRY, AuditEndpoints.get(backend)),
                Map.entry(Routes.AUDIT_UNDO, AuditEndpoints.undo(backend, max)),
                Map.entry(Routes.LIST_APPROVALS, ApprovalEndpoints.list(backend)),
                Map.entry(Routes.APPROVE, ApprovalEndpoints.approve(backend)),
                Map.entry(Routes.REJECT, ApprovalEndpoints.reject(backend, max)),
                Map.entry(Routes.OVERVIEW, overview.get()),
                Map.entry(Routes.OVERVIEW_STREAM, overview.stream())));
    // Served by the embedded engine only, so far; 501 in other modes.
    Map<ApiRoute, Function<Engine, Handler>> embeddedOnly =
        Map.ofEntries(
            Map.entry(Routes.EVENT_SAMPLE, EventSampleEndpoint::new),
            Map.entry(Routes.DEAD_LETTERS, DeadLettersEndpoint::new),
            Map.entry(Routes.PUT_ITEM, e -> new PutItemEndpoint(e, max)),
            Map.entry(Routes.GET_ITEM, GetItemEndpoint::new),
            Map.entry(Routes.LIST_ITEMS, ListItemsEndpoint::new),
            Map.entry(Routes.POST_ITEMS, e -> new PostItemsEndpoint(e, max)),
            Map.entry(Routes.ALS_STATUS, AlsModelEndpoints::status),
            Map.entry(Routes.ALS_TRAIN, AlsModelEndpoints::train));
    embeddedOnly.forEach(
        (route, make) ->
            handlers.put(
                route, engine.map(make).orElseGet(() -> notInThisMode(route, backend.mode()))));
    // Served by both modes where the backend has recommendation reads (cluster: from Redis).
    Optional<RecoReads> reco = backend.recommendations();
    Map<ApiRoute, Function<RecoReads, Handler>> recoRoutes =
        Map.of(
            Routes.RECOMMENDATIONS, RecommendationsEndpoint::new,
            Routes.RANK, r -> new RankEndpoint(r, max),
            Routes.SIMILAR_ITEMS, SimilarItemsEndpoint::new);
    recoRoutes.forEach(
        (route, make) ->
            handlers.put(
                route, reco.map(make).orElseGet(() -> notInThisMode(route, backend.mode()))));
    requireOneHandlerPerRoute(handlers);
    HttpMetrics metrics = new HttpMetrics(registry);
    Javalin app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.jetty.host = config.host();
              c.jetty.port = config.port();
              // Our own connector, for its idle timeout; Javalin then adds none of its own.
              c.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(config.host());
                    connector.setPort(config.port());
                    connector.setIdleTimeout(config.idleTimeout().toMillis());
                    return connector;
                  });
              // For any handler reading the body through Javalin; /v1/events, /v1/items,
              // /v1/campaigns and /v1/ads enforce the limit themselves.
              c.http.maxRequestSize = config.maxBodyBytes();
              c.http.prefer405over404 = true;
              c.routes.before(
                  PercentEncoding::check); // strict percent-decoding of every path and query, once
              c.routes.before(SecurityHeaders::set);
              // the console's own files, and its chart library from the WebJar
              // (/webjars/echarts/<version>/...)
              c.staticFiles.add(
                  files -> {
                    files.hostedPath = ConsolePage.ASSETS;
                    files.directory = ConsolePage.ASSETS;
                    files.location = Location.CLASSPATH;
                  });
              c.staticFiles.enableWebjars();
              for (ApiRoute route : Routes.ALL) {
                c.routes.addHttpHandler(
                    HandlerType.findOrCreate(route.method()), route.path(), handlers.get(route));
              }
              c.routes.exception(HttpResponseException.class, Problems::handle);
              c.routes.exception(Exception.class, Problems::handle);
              c.requestLogger.http(metrics);
              c.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(new ProblemErrorHandler());
                    // In front of Javalin, outermost first: odd methods, then bodies read without a
                    // thread.
                    server.insertHandler(
                        new BodyReadHandler(
                            config.maxBodyBytes(),
                            config.bodyTimeout(),
                            config.maxConcurrentBodies(),
                            registry));
                    server.insertHandler(new MethodGuard());
                  });
              // Jetty would refuse escapes of bad UTF-8 in the path itself, with a bare 400 that
              // cannot name the
              // parameter (it keeps no raw URI); let them through to PercentEncoding, which names
              // it. (A % without
              // two hex digits in the path fails Jetty's URI parsing whatever the compliance:
              // ProblemErrorHandler.)
              c.jetty.modifyHttpConfiguration(
                  h ->
                      h.setUriCompliance(
                          h.getUriCompliance()
                              .with(
                                  "mercato",
                                  UriCompliance.Violation.BAD_UTF8_ENCODING,
                                  UriCompliance.Violation.TRUNCATED_UTF8_ENCODING)));
            });
    QualityMetrics quality = QualityMetrics.bind(backend.quality(), registry);
    try {
      app.start();
    } catch (RuntimeException e) {
      streams.shutdownNow();
      backend.automation().ifPresent(Automation::close);
      quality.close();
      try {
        app.stop();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw new IllegalStateException(
          "cannot serve HTTP on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("HTTP API listening on {}:{}", config.host(), app.port());
    // the one rule evaluator of this node (it evaluates only while it holds the runtime's lease)
    RuleScheduler rules =
        backend.automation().map(a -> RuleScheduler.start(a, RuleScheduler.PERIOD)).orElse(null);
    return new MercatoServer(app, streams, quality, rules);
  }

  /** The bound port: the configured one, or the one chosen when the configuration said 0. */
  public int port() {
    return app.port();
  }

  /** Stops the HTTP server (not the engine). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (rules != null) {
        rules.close(); // before the engine closes the database under it
      }
      streams.shutdownNow();
      quality.close();
      app.stop();
      LOG.info("HTTP API stopped");
    }
  }

  /** The handler of a route {@code mode} cannot serve: 501, before the body is read. */
  static Handler notInThisMode(ApiRoute route, String mode) {
    return ctx -> {
      throw new NotInThisModeException(route.method(), route.path(), mode);
    };
  }

  /** A route without a handler would be documented but answer 404; fail at startup instead. */
  private static void requireOneHandlerPerRoute(Map<ApiRoute, Handler> handlers) {
    Set<ApiRoute> missing = new HashSet<>(Routes.ALL);
    missing.removeAll(handlers.keySet());
    Set<ApiRoute> extra = new HashSet<>(handlers.keySet());
    extra.removeAll(Routes.ALL);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException(
          "route table and handlers disagree: no handler for "
              + missing
              + ", handlers for unlisted routes "
              + extra);
    }
  }
}
