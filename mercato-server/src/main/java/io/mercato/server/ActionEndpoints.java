package io.mercato.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.ads.Ad;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.ChangePlan;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.error.ValidationException;
import io.mercato.core.rules.ManualAdjustment;
import io.mercato.server.backend.Automation;
import io.mercato.server.backend.Backend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's adjustments ({@link ManualAdjustment} is the body), through the one change path
 * ({@link io.mercato.core.campaign.change.CampaignChanges}: the same planner, guardrails and audit
 * log as rule runs).
 * <ul>
 *   <li>{@code POST /v1/campaigns/{id}/actions[?preview=true]}: pause, resume, extend_end,
 *       change_discount, change_daily_budget, move_budget, or (with {@code ad_id}) pause, resume and
 *       change_bid of one of its ads.</li>
 *   <li>{@code POST /v1/ads/{id}/actions[?preview=true]}: pause, resume, change_bid of the ad
 *       ({@code ad_id} implied; when given it must be the path's).</li>
 * </ul>
 * The actor is {@code X-Actor} (a person), or {@code api} without it. Answer 200
 * {@code {"preview", "changes", "notes", "audit", "campaign"|"ad"}}: with {@code preview=true} the
 * planned changes, nothing applied or audited; otherwise the applied changes with their audit entries
 * (empty when there was nothing to change, e.g. pausing a paused campaign: {@code notes} says so), and
 * the definition as it is now. The change is planned from the database's current values and committed
 * only if they are still current, all or nothing.
 *
 * <p>Errors (problem+json): 400 {@code invalid-request} naming the member (a value past a hard
 * guardrail too: a person's change is refused, not clamped); 404 when the campaign, ad or the
 * {@code to} of a move does not exist; 409 {@code stale-change} when a value changed between planning
 * and commit (nothing applied); 413; 415.
 */
final class ActionEndpoints {
  private ActionEndpoints() {}

  static Handler campaign(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String id = ctx.pathParam("id");
      boolean preview = RecoParams.bool(ctx, "preview", false);
      ObjectNode body = AutomationRequests.body(ctx, backend, maxBodyBytes);
      if (a.repository().campaign(id).isEmpty()) {
        throw new NotFoundException("no campaign \"" + id + "\"");
      }
      ManualAdjustment m =
          ManualAdjustment.read(body, id, adId -> a.repository().ad(adId).orElse(null));
      Map<String, Object> out = act(ctx, a, m, preview);
      out.put("campaign", a.repository().campaign(id).map(CampaignViews::of).orElse(null));
      Json.respond(ctx, 200, out);
    };
  }

  static Handler ad(Backend backend, int maxBodyBytes) {
    return ctx -> {
      Automation a = AutomationRequests.automation(backend, ctx);
      String id = ctx.pathParam("id");
      boolean preview = RecoParams.bool(ctx, "preview", false);
      ObjectNode body = AutomationRequests.body(ctx, backend, maxBodyBytes);
      Ad ad =
          a.repository().ad(id).orElseThrow(() -> new NotFoundException("no ad \"" + id + "\""));
      JsonNode given = body.get("ad_id");
      if (given != null && !given.isNull() && !(given.isTextual() && given.asText().equals(id))) {
        throw new ValidationException(
            "ad_id", "must be the ad of the path (\"" + id + "\") or left out");
      }
      body.put("ad_id", id);
      JsonNode type = body.get("type");
      if (type != null
          && type.isTextual()
          && !List.of("pause", "resume", "change_bid").contains(type.asText())) {
        throw new ValidationException(
            "type",
            "an ad can be paused, resumed or have its bid changed (pause, resume, "
                + "change_bid); \""
                + type.asText()
                + "\" acts on a campaign: POST /v1/campaigns/"
                + ad.campaignId()
                + "/actions");
      }
      ManualAdjustment m =
          ManualAdjustment.read(
              body, ad.campaignId(), adId -> a.repository().ad(adId).orElse(null));
      Map<String, Object> out = act(ctx, a, m, preview);
      out.put("ad", a.repository().ad(id).map(CampaignViews::of).orElse(null));
      Json.respond(ctx, 200, out);
    };
  }

  /** Plans {@code m} and, unless previewing, commits the plan and publishes it to decisions. */
  private static Map<String, Object> act(
      Context ctx, Automation a, ManualAdjustment m, boolean preview) {
    Actor actor = AutomationRequests.actor(ctx);
    ChangePlan plan = a.changes().preview(m.adjustment(), actor, m.provenance(), a.context());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("preview", preview);
    if (preview) {
      out.put("changes", plan.changes().stream().map(AutomationViews::change).toList());
      out.put("notes", plan.notes());
      out.put("audit", List.of());
      return out;
    }
    Committed done = a.changes().commit(plan);
    if (!done.entries().isEmpty()) {
      a.published();
    }
    out.put(
        "changes", done.entries().stream().map(e -> AutomationViews.change(e.change())).toList());
    out.put("notes", plan.notes());
    out.put("audit", AutomationViews.entries(done.entries(), a.log()));
    return out;
  }
}
