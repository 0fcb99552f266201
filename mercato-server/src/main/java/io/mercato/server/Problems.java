package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.mercato.core.ads.CampaignHasAdsException;
import io.mercato.core.ads.CampaignStoreException;
import io.mercato.core.campaign.change.StaleChangeException;
import io.mercato.core.campaign.change.UndoRefusedException;
import io.mercato.core.campaign.change.UnknownEntityException;
import io.mercato.core.catalog.InvalidItemsException;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.rules.ApprovalClosedException;
import io.mercato.core.rules.RuleValidationException;
import io.mercato.core.rules.StaleRuleVersionException;
import io.mercato.core.rules.UnknownRuleException;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.server.backend.BackendUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers (STYLE.md habit 8): every error the server
 * sends, from a 404 to a 503, is an {@code application/problem+json} document (RFC 9457) built here.
 *
 * <p>Problem types are stable URIs under {@value #TYPE_BASE} that clients may switch on:
 * <table>
 *   <caption>problem types</caption>
 *   <tr><th>type (slug)</th><th>status</th><th>cause</th><th>extension members</th></tr>
 *   <tr><td>malformed-body</td><td>400</td><td>{@link MalformedInputException}</td><td>line, column, offset</td></tr>
 *   <tr><td>invalid-request</td><td>400</td><td>{@link ValidationException}</td><td>errors [{field, message}]
 *       (the first 100; a last line of field {@code *} counts the rest)</td></tr>
 *   <tr><td>invalid-request</td><td>400</td><td>{@link InvalidItemsException} (a catalog batch)</td><td>errors [{field, message}]
 *       with indexed fields such as {@code [3].price}; rejected [{index, errors}] (the first 1,000 items);
 *       rejected_count (all of them)</td></tr>
 *   <tr><td>unreadable-body</td><td>400</td><td>body ended early</td><td></td></tr>
 *   <tr><td>not-found</td><td>404</td><td>no route for the path, {@link StatsNotFoundException} (a scope key with no statistics),
 *       {@link ItemNotFoundException} or {@link NotFoundException}</td><td></td></tr>
 *   <tr><td>training-failed</td><td>409</td><td>a waited-for iALS training run failed</td><td></td></tr>
 *   <tr><td>invalid-request</td><td>400</td><td>{@link RuleValidationException} with a CEL fault</td><td>errors;
 *       positions {field: {line, column, offset}} of each CEL condition that does not compile</td></tr>
 *   <tr><td>not-found</td><td>404</td><td>{@link UnknownEntityException} (a campaign, ad, audit entry or approval),
 *       {@link UnknownRuleException}</td><td></td></tr>
 *   <tr><td>stale-version</td><td>409</td><td>{@link StaleRuleVersionException}: a rule edit not based on its
 *       latest version</td><td>latest</td></tr>
 *   <tr><td>stale-change</td><td>409</td><td>{@link StaleChangeException}: a value changed between planning and
 *       commit; nothing applied</td><td>entity, field, expected, actual</td></tr>
 *   <tr><td>undo-refused</td><td>409</td><td>{@link UndoRefusedException}</td><td>audit_id, reason</td></tr>
 *   <tr><td>approval-closed</td><td>409</td><td>{@link ApprovalClosedException}</td><td>approval_status</td></tr>
 *   <tr><td>rule-exists</td><td>409</td><td>{@link ConflictException}: creating a rule whose id is taken</td><td>latest</td></tr>
 *   <tr><td>campaign-has-ads</td><td>409</td><td>{@link CampaignHasAdsException}: deleting a campaign that still
 *       has ads</td><td>campaign_id, ad_ids</td></tr>
 *   <tr><td>method-not-allowed</td><td>405</td><td>path exists, method does not (also a method that is not a
 *       standard one in upper case, e.g. {@code get}: {@link MethodGuard})</td><td>allowed; header Allow</td></tr>
 *   <tr><td>request-timeout</td><td>408</td><td>the body did not arrive within server.body-timeout or stalled past
 *       server.idle-timeout ({@link BodyReadHandler}; connection closed)</td><td>body_timeout_seconds</td></tr>
 *   <tr><td>body-too-large</td><td>413</td><td>{@link BodyTooLargeException}</td><td>max_body_bytes</td></tr>
 *   <tr><td>unsupported-media-type</td><td>415</td><td>{@link UnsupportedMediaTypeException}</td><td>accepted; header Accept-Post</td></tr>
 *   <tr><td>overloaded</td><td>503</td><td>{@link BackpressureException}; or server.max-concurrent-bodies bodies being
 *       received ({@link BodyReadHandler})</td><td>retry_after_seconds; header Retry-After</td></tr>
 *   <tr><td>unavailable</td><td>503</td><td>{@link EngineUnavailableException}, {@link CampaignStoreException} (the
 *       campaign database failed)</td><td>retry_after_seconds; header Retry-After</td></tr>
 *   <tr><td>unavailable</td><td>503</td><td>{@link BackendUnavailableException} (cluster mode: Kafka or Redis failed or
 *       cannot be reached)</td><td>retry_after_seconds; header Retry-After</td></tr>
 *   <tr><td>not-implemented</td><td>501</td><td>{@link NotInThisModeException}: an endpoint this runtime does not serve
 *       yet (cluster mode)</td><td>mode</td></tr>
 *   <tr><td>not-ready</td><td>503</td><td>{@code /ready} while the engine is not READY</td><td>state; recovery
 *       (embedded: phase, records replayed of total, rate, ETA)</td></tr>
 *   <tr><td>internal-error</td><td>500</td><td>anything else (logged with its error_id; nothing internal is sent)</td><td>error_id</td></tr>
 * </table>
 * Other statuses raised by the web framework use {@code about:blank} with the status phrase as title.
 */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://mercato.dev/problems/";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** Javalin exception handler: maps {@code e}, logs it at the level it deserves and answers. */
  static void handle(Exception e, Context ctx) {
    Problem p = of(e, ctx.method().name(), ctx.path());
    log(e, p, ctx);
    write(ctx, p);
  }

  /** Writes {@code p} as the response, with {@code instance} set to the request path. */
  static void write(Context ctx, Problem p) {
    ctx.status(p.status());
    p.headers().forEach(ctx::header);
    ctx.contentType(MEDIA_TYPE);
    ctx.result(Json.bytes(p.body(ctx.path())));
  }

  /**
   * Maps an exception thrown while serving {@code method path} to a problem. Pure: no logging.
   */
  static Problem of(Exception e, String method, String path) {
    if (e instanceof MalformedInputException m) {
      return problem(400, "malformed-body", "Malformed request body", m.getMessage())
          .with("line", m.line())
          .with("column", m.column())
          .with("offset", m.offset());
    }
    if (e instanceof InvalidItemsException i) {
      return problem(400, "invalid-request", "Invalid request", i.getMessage())
          .with("errors", i.errors())
          .with("rejected", i.rejected())
          .with("rejected_count", i.rejectedCount());
    }
    if (e instanceof RuleValidationException r && !r.positions().isEmpty()) {
      return problem(400, "invalid-request", "Invalid request", r.getMessage())
          .with("errors", r.errors())
          .with("positions", new TreeMap<>(r.positions()));
    }
    if (e instanceof ValidationException v) {
      return problem(400, "invalid-request", "Invalid request", v.getMessage())
          .with("errors", v.errors());
    }
    if (e instanceof UnknownEntityException | e instanceof UnknownRuleException) {
      return problem(404, "not-found", "Not found", e.getMessage());
    }
    if (e instanceof StaleRuleVersionException s) {
      return problem(409, "stale-version", "Stale rule version", s.getMessage())
          .with("latest", s.latest());
    }
    if (e instanceof StaleChangeException s) {
      return problem(409, "stale-change", "Value changed", s.getMessage() + "; nothing was applied")
          .with(
              "entity",
              new TreeMap<>(Map.of("kind", s.entity().kind().wireName(), "id", s.entity().id())))
          .with("field", s.field().wireName())
          .with("expected", s.expected())
          .with("actual", s.actual());
    }
    if (e instanceof UndoRefusedException u) {
      return problem(409, "undo-refused", "Undo refused", u.getMessage())
          .with("audit_id", u.auditId())
          .with("reason", u.reason());
    }
    if (e instanceof ApprovalClosedException a) {
      return problem(409, "approval-closed", "Approval closed", a.getMessage())
          .with("approval_status", a.status().wireName());
    }
    if (e instanceof ConflictException c) {
      Problem p = problem(c.status(), c.slug(), c.title(), c.getMessage());
      for (Map.Entry<String, Object> m : new TreeMap<>(c.extensions()).entrySet()) {
        p = p.with(m.getKey(), m.getValue());
      }
      return p;
    }
    if (e instanceof StatsNotFoundException n) {
      return problem(404, "not-found", "Not found", n.getMessage());
    }
    if (e instanceof NotFoundException n) {
      return problem(404, "not-found", "Not found", n.getMessage());
    }
    if (e instanceof CampaignHasAdsException c) {
      return problem(409, "campaign-has-ads", "Campaign has ads", c.getMessage())
          .with("campaign_id", c.campaignId())
          .with("ad_ids", c.adIds());
    }
    if (e instanceof CampaignStoreException c) {
      // The cause names hosts and SQL: logged, not sent.
      return problem(
              503,
              "unavailable",
              "Campaign database unavailable",
              "the campaign database failed or "
                  + "cannot be reached; nothing of this request was stored. Retry later")
          .with("retry_after_seconds", 1L)
          .withHeader("Retry-After", "1");
    }
    if (e instanceof AlsModelEndpoints.TrainingFailedException t) {
      return problem(409, "training-failed", "Training failed", t.getMessage());
    }
    if (e instanceof ItemNotFoundException n) {
      return problem(404, "not-found", "Not found", n.getMessage());
    }
    if (e instanceof UnreadableBodyException u) {
      return problem(400, "unreadable-body", "Unreadable request body", u.getMessage());
    }
    if (e instanceof BodyTooLargeException b) {
      // The rest of the body is not read: tell the client the connection will not be reused.
      return problem(413, "body-too-large", "Request body too large", b.getMessage())
          .with("max_body_bytes", b.limit())
          .withHeader("Connection", "close");
    }
    if (e instanceof UnsupportedMediaTypeException u) {
      return problem(415, "unsupported-media-type", "Unsupported media type", u.getMessage())
          .with("accepted", u.accepted())
          .withHeader("Accept-Post", String.join(", ", u.accepted()));
    }
    if (e instanceof BackpressureException b) {
      long seconds = retryAfterSeconds(b.retryAfter());
      return problem(
              503,
              "overloaded",
              "Ingestion overloaded",
              b.getMessage() + "; nothing of this request was recorded")
          .with("retry_after_seconds", seconds)
          .withHeader("Retry-After", Long.toString(seconds));
    }
    if (e instanceof BackendUnavailableException u) {
      return problem(503, "unavailable", "Service unavailable", u.getMessage())
          .with("retry_after_seconds", 1L)
          .withHeader("Retry-After", "1");
    }
    if (e instanceof NotInThisModeException m) {
      return problem(501, "not-implemented", "Not implemented", m.getMessage())
          .with("mode", m.mode());
    }
    if (e instanceof EngineUnavailableException u) {
      return problem(503, "unavailable", "Engine unavailable", u.getMessage())
          .with("retry_after_seconds", 1L)
          .withHeader("Retry-After", "1");
    }
    if (e instanceof EngineNotReadyException n) {
      return notReady(n);
    }
    if (e instanceof HttpResponseException h) {
      return fromFramework(h.getStatus(), method, path);
    }
    if (e instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
      // Jetty's verdict on the request (e.g. a bad chunk while a body streams in): the client's
      // fault.
      return fromFramework(h.getCode(), method, path);
    }
    return internalError();
  }

  /** The answer of {@code /ready} when the node is not ready. */
  static Problem notReady(EngineNotReadyException e) {
    Problem p = problem(503, "not-ready", "Not ready", e.getMessage()).with("state", e.state());
    for (Map.Entry<String, Object> m : e.progress().entrySet()) {
      p = p.with(m.getKey(), m.getValue());
    }
    return p;
  }

  /** A problem for a status the web framework or Jetty decided on (404, 405, 400 bad URI...). */
  static Problem fromFramework(int status, String method, String path) {
    if (status == 404) {
      return problem(
          404,
          "not-found",
          "Not found",
          "no route for " + method + " " + path + "; the API is described at /openapi.json");
    }
    if (status == 405) {
      Set<String> allowed = allowedMethods(path);
      return problem(
              405,
              "method-not-allowed",
              "Method not allowed",
              method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed))
          .with("allowed", List.copyOf(allowed))
          .withHeader("Allow", String.join(", ", allowed));
    }
    if (status == 413) {
      return problem(
          413, "body-too-large", "Request body too large", "the request body is too large");
    }
    int s = status >= 400 && status <= 599 ? status : 500;
    String phrase = HttpStatus.forStatus(s).getMessage();
    return new Problem(s, "about:blank", phrase, phrase);
  }

  /** The 500 answer: an id to quote to an operator, who finds it in the log next to the stack trace. */
  private static Problem internalError() {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    return problem(
            500,
            "internal-error",
            "Internal server error",
            "an unexpected error occurred; it was logged with error_id " + id)
        .with("error_id", id);
  }

  private static void log(Exception e, Problem p, Context ctx) {
    if (p.status() == 500) {
      LOG.error(
          "{} {} failed (error_id {})",
          ctx.method().name(),
          ctx.path(),
          p.extensions().get("error_id"),
          e);
    } else if (e instanceof CampaignStoreException || e instanceof BackendUnavailableException) {
      LOG.warn(
          "{} {} answered 503: {}{}",
          ctx.method().name(),
          ctx.path(),
          e.getMessage(),
          e.getCause() == null ? "" : " (" + e.getCause() + ")");
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} answered {} {}: {}",
          ctx.method().name(),
          ctx.path(),
          p.status(),
          p.type(),
          p.detail());
    }
  }

  /** Methods of the route table registered for {@code path}. */
  private static Set<String> allowedMethods(String path) {
    Set<String> allowed = new TreeSet<>();
    for (ApiRoute r : Routes.ALL) {
      if (r.matches(path)) {
        allowed.add(r.method());
      }
    }
    return allowed;
  }

  /** Seconds for a Retry-After header: rounded up, at least 1 (0 would invite a retry storm). */
  static long retryAfterSeconds(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      return 1;
    }
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  private static Problem problem(int status, String slug, String title, String detail) {
    return new Problem(status, TYPE_BASE + slug, title, detail);
  }
}
