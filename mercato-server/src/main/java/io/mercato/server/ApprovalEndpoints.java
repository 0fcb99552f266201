package io.mercato.server;

import io.javalin.http.Handler;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.UnknownEntityException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.rules.ApprovalStatus;
import io.mercato.core.rules.PendingApproval;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes planned by rules in {@code require_approval} mode.
 * <ul>
 *   <li>{@code GET /v1/approvals?status=pending&limit=50}: newest first; {@code status} one of
 *       pending (default), approved, rejected, expired, stale, or {@code all}.</li>
 *   <li>{@code POST /v1/approvals/{id}/approve}: applies the planned changes through the one change path
 *       as the {@code X-Actor} person for the rule; 409 {@code approval-closed} when decided or expired
 *       already; 409 {@code stale-change} when a value it was planned from changed since (nothing is
 *       applied; the approval is closed as {@code stale}).</li>
 *   <li>{@code POST /v1/approvals/{id}/reject} (body optional: {@code {"reason": "..."}}): closes it;
 *       the rejection is audited.</li>
 * </ul>
 * Both decisions answer {@code {"approval", "audit"}}; 404 when there is no such approval.
 */
final class ApprovalEndpoints {
  private ApprovalEndpoints() {}

  static Handler list(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String s = QueryParams.optional(ctx, "status");
      ApprovalStatus status = ApprovalStatus.PENDING;
      if (s != null && s.equals("all")) {
        status = null;
      } else if (s != null) {
        status =
            Arrays.stream(ApprovalStatus.values())
                .filter(v -> v.wireName().equals(s))
                .findFirst()
                .orElseThrow(
                    () ->
                        new ValidationException(
                            "status",
                            "must be one of pending, approved, rejected, "
                                + "expired, stale, all but was \""
                                + s
                                + "\""));
      }
      int limit = QueryParams.intInRange(ctx, "limit", 1, 1000, 50);
      List<PendingApproval> list = a.approvalStore().list(status, limit);
      Json.respond(
          ctx, 200, Map.of("approvals", list.stream().map(AutomationViews::approval).toList()));
    };
  }

  static Handler approve(Backend backend) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      long id = AutomationRequests.idParam(ctx, "id");
      Committed done = a.approvals().approve(id, AutomationRequests.actor(ctx));
      if (!done.entries().isEmpty()) {
        a.published();
      }
      Json.respond(ctx, 200, decided(a, id, done.entries()));
    };
  }

  static Handler reject(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      long id = AutomationRequests.idParam(ctx, "id");
      String reason =
          AutomationRequests.reason(AutomationRequests.optionalBody(ctx, backend, maxBodyBytes));
      List<AuditEntry> audit = a.approvals().reject(id, AutomationRequests.actor(ctx), reason);
      Json.respond(ctx, 200, decided(a, id, audit));
    };
  }

  private static Map<String, Object> decided(Automation a, long id, List<AuditEntry> audit) {
    PendingApproval now =
        a.approvalStore().get(id).orElseThrow(() -> new UnknownEntityException("approval " + id));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("approval", AutomationViews.approval(now));
    out.put("audit", AutomationViews.entries(audit, a.log()));
    return out;
  }
}
