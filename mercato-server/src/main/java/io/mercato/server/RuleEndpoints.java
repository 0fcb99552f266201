package io.mercato.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Handler;
import io.mercato.core.error.ValidationException;
import io.mercato.core.rules.CampaignDecision;
import io.mercato.core.rules.Rule;
import io.mercato.core.rules.RuleJson;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RuleSaveResult;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Automation rules ({@link RuleJson} is the body and answer; saving, versions and conflicts are
 * {@link io.mercato.core.rules.RuleService}'s).
 * <ul>
 *   <li>{@code GET /v1/rules}: the latest version of every rule, in id order: {@code {"rules", "total"}}.</li>
 *   <li>{@code POST /v1/rules}: creates rule {@code id} (required in the body) as version 1; 201
 *       {@code {"rule", "conflicts", "warnings"}}; 409 {@code rule-exists} when the id is taken.</li>
 *   <li>{@code GET /v1/rules/{id}}: its latest version; 404 when there is none.</li>
 *   <li>{@code PUT /v1/rules/{id}[?based_on=n]}: saves the body as the next version (version 1 when the
 *       rule does not exist). {@code based_on} is the version the edit started from; 409
 *       {@code stale-version} (with {@code latest}) when another version was saved since. Without it
 *       the edit applies to the latest version. Enabling, disabling and the mode are members of the
 *       rule.</li>
 *   <li>{@code DELETE /v1/rules/{id}}: rules are never erased, since runs and audit entries name their
 *       versions: saves a disabled version (200, the save result); 404 when there is none.</li>
 *   <li>{@code GET /v1/rules/{id}/versions}, {@code GET /v1/rules/{id}/versions/{version}}.</li>
 *   <li>{@code POST /v1/rules/preview}: what the rule in the body (saved or not; {@code id} optional)
 *       would do now on every campaign of its scope; nothing is saved, changed or audited.</li>
 *   <li>{@code GET /v1/rules/{id}/runs?version=&campaign=&limit=50&cursor=}: its runs, newest first,
 *       {@code next_cursor} for the next page.</li>
 * </ul>
 * Errors (problem+json): 400 {@code invalid-request} naming every broken member ({@code condition} with
 * CEL's message, and {@code positions} giving line, column and offset of each CEL fault), a guardrail
 * the rule's own limits break, or a bad parameter; 404; 409; 413; 415.
 */
final class RuleEndpoints {
  private RuleEndpoints() {}

  static Handler list(Backend backend) {
    return ctx -> {
      List<ObjectNode> rules =
          AutomationRequests.automation(backend, ctx).rules().latestRules().stream()
              .map(RuleJson::write)
              .toList();
      Json.respond(ctx, 200, Map.of("rules", rules, "total", rules.size()));
    };
  }

  static Handler create(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      ObjectNode body = AutomationRequests.body(ctx, backend, maxBodyBytes);
      JsonNode id = body.get("id");
      if (id == null || id.isNull()) {
        throw new ValidationException(
            "id", "is required: the new rule's id (letters, digits, '-', '_', '.', ':')");
      }
      if (!id.isTextual()) {
        throw new ValidationException("id", "must be a string");
      }
      Rule draft = RuleJson.read(body, id.asText());
      a.rules()
          .latest(draft.id())
          .ifPresent(
              r -> {
                throw new ConflictException(
                    409,
                    "rule-exists",
                    "Rule exists",
                    "rule \""
                        + r.id()
                        + "\" exists (version "
                        + r.version()
                        + "); edit it with PUT /v1/rules/"
                        + r.id()
                        + "?based_on="
                        + r.version(),
                    Map.of("latest", r.version()));
              });
      RuleSaveResult saved =
          a.service()
              .save(draft, 0, AutomationRequests.actor(ctx).name(), a.inventory().campaigns());
      ctx.header("Location", "/v1/rules/" + saved.rule().id());
      Json.respond(ctx, 201, AutomationViews.saved(saved));
    };
  }

  static Handler get(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      Json.respond(ctx, 200, RuleJson.write(latest(a, ctx.pathParam("id"))));
    };
  }

  static Handler put(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String id = ctx.pathParam("id");
      int basedOn = QueryParams.intInRange(ctx, "based_on", 0, Integer.MAX_VALUE, -1);
      ObjectNode body = AutomationRequests.body(ctx, backend, maxBodyBytes);
      Rule draft = RuleJson.read(body, id);
      if (basedOn < 0) {
        basedOn = a.rules().latest(id).map(Rule::version).orElse(0);
      }
      RuleSaveResult saved =
          a.service()
              .save(
                  draft, basedOn, AutomationRequests.actor(ctx).name(), a.inventory().campaigns());
      Json.respond(ctx, 200, AutomationViews.saved(saved));
    };
  }

  static Handler delete(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      Rule latest = latest(a, ctx.pathParam("id"));
      RuleSaveResult saved =
          a.service()
              .save(
                  latest.withEnabled(false),
                  latest.version(),
                  AutomationRequests.actor(ctx).name(),
                  a.inventory().campaigns());
      Json.respond(ctx, 200, AutomationViews.saved(saved));
    };
  }

  static Handler versions(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      List<Rule> all = a.rules().versions(ctx.pathParam("id"));
      if (all.isEmpty()) {
        throw notFound(ctx.pathParam("id"));
      }
      Json.respond(ctx, 200, Map.of("versions", all.stream().map(RuleJson::write).toList()));
    };
  }

  static Handler version(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String id = ctx.pathParam("id");
      String v = ctx.pathParam("version");
      int version;
      try {
        version = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new ValidationException(
            "version", "must be a positive integer but was \"" + v + "\"");
      }
      if (version < 1) {
        throw new ValidationException("version", "must be a positive integer but was " + version);
      }
      Rule r =
          a.rules()
              .version(id, version)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          a.rules().latest(id).isPresent()
                              ? "rule \"" + id + "\" has no version " + version
                              : "no rule \"" + id + "\""));
      Json.respond(ctx, 200, RuleJson.write(r));
    };
  }

  static Handler preview(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      ObjectNode body = AutomationRequests.body(ctx, backend, maxBodyBytes);
      JsonNode id = body.get("id");
      Rule draft = RuleJson.read(body, id != null && id.isTextual() ? id.asText() : "draft");
      List<CampaignDecision> ds = a.preview().preview(draft, a.inventory(), a.kpis(), a.clock());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rule", draft.id() + "@draft");
      out.put("at", a.clock().instant().toString());
      out.put("decisions", ds.stream().map(AutomationViews::decision).toList());
      Json.respond(ctx, 200, out);
    };
  }

  static Handler runs(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String id = ctx.pathParam("id");
      latest(a, id);
      int version = QueryParams.intInRange(ctx, "version", 0, Integer.MAX_VALUE, 0);
      String campaign = QueryParams.optional(ctx, "campaign");
      int limit = QueryParams.intInRange(ctx, "limit", 1, 1000, 50);
      Long cursor = AutomationRequests.cursor(ctx, "cursor");
      List<RuleRun> runs = a.runs().runs(id, version, campaign, cursor, limit);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("runs", runs.stream().map(AutomationViews::run).toList());
      out.put("next_cursor", runs.size() == limit ? runs.get(runs.size() - 1).id() : null);
      Json.respond(ctx, 200, out);
    };
  }

  private static Rule latest(Automation a, String id) {
    return a.rules().latest(id).orElseThrow(() -> notFound(id));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("no rule \"" + id + "\"");
  }
}
