package io.mercato.server;

import io.javalin.http.Handler;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditPage;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.ChangePlan;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.UnknownEntityException;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log and undo.
 * <ul>
 *   <li>{@code GET /v1/audit?campaign=&rule=&since=&limit=50&cursor=}: entries newest first, of one
 *       campaign and/or one rule (any version), at or after {@code since} (an ISO-8601 instant, or a
 *       duration back from now: {@code 30m}, {@code 24h}, {@code 7d}); {@code next_cursor} (null on the
 *       last page) is the {@code cursor} of the next page.</li>
 *   <li>{@code GET /v1/audit/{id}}: one entry; 404 when there is none.</li>
 *   <li>{@code POST /v1/audit/{id}/undo[?preview=true]} (body optional: {@code {"reason": "..."}}):
 *       sets every change of the entry's batch (both sides of a budget move) back to its value before,
 *       through the one change path, audited with {@code undo_of}. 409 {@code undo-refused} with
 *       {@code reason} when the entry was not an applied change, was undone already, or a field
 *       changed again since; nothing is changed then. With {@code preview=true} nothing is applied.</li>
 * </ul>
 */
final class AuditEndpoints {
  private AuditEndpoints() {}

  static Handler list(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String campaign = QueryParams.optional(ctx, "campaign");
      String rule = QueryParams.optional(ctx, "rule");
      Instant since = AutomationRequests.since(ctx, "since", a.clock().instant());
      int limit = QueryParams.intInRange(ctx, "limit", 1, AuditQuery.MAX_LIMIT, 50);
      Long cursor = AutomationRequests.cursor(ctx, "cursor");
      AuditPage page = a.log().query(new AuditQuery(campaign, rule, since, cursor, limit));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("entries", AutomationViews.entries(page.entries(), a.log()));
      out.put("next_cursor", page.nextBefore());
      Json.respond(ctx, 200, out);
    };
  }

  static Handler get(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      long id = AutomationRequests.idParam(ctx, "id");
      AuditEntry e =
          a.log().entry(id).orElseThrow(() -> new UnknownEntityException("audit entry " + id));
      Json.respond(ctx, 200, AutomationViews.entry(e, a.log()));
    };
  }

  static Handler undo(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      long id = AutomationRequests.idParam(ctx, "id");
      boolean preview = RecoParams.bool(ctx, "preview", false);
      String reason =
          AutomationRequests.reason(AutomationRequests.optionalBody(ctx, backend, maxBodyBytes));
      var actor = AutomationRequests.actor(ctx);
      ChangePlan plan = a.undo().preview(id, actor, reason, a.context());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("preview", preview);
      if (preview) {
        out.put("changes", plan.changes().stream().map(AutomationViews::change).toList());
        out.put("notes", plan.notes());
        out.put("audit", List.of());
      } else {
        Committed done = a.undo().apply(id, actor, reason, a.context());
        if (!done.entries().isEmpty()) {
          a.published();
        }
        out.put(
            "changes",
            done.entries().stream().map(e -> AutomationViews.change(e.change())).toList());
        out.put("notes", plan.notes());
        out.put("audit", AutomationViews.entries(done.entries(), a.log()));
      }
      Json.respond(ctx, 200, out);
    };
  }
}
