package io.mercato.server;

import io.javalin.http.Handler;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.error.ValidationException;
import io.mercato.server.backend.Backend;
import java.util.List;

/**
 * The campaign definitions.
 * <ul>
 *   <li>{@code PUT /v1/campaigns/{id}}: creates or replaces a campaign (Content-Type
 *       {@code application/json}; rules in {@link io.mercato.core.ads.CampaignRules}: {@code id} may be left
 *       out and must equal the path id when given; a {@code segment} must compile). Answers 200 with the
 *       stored campaign once it is committed to the database and visible to decisions. The whole
 *       definition is replaced: members left out take their defaults.</li>
 *   <li>{@code GET /v1/campaigns/{id}}: the campaign; 404 when there is none.</li>
 *   <li>{@code DELETE /v1/campaigns/{id}}: 204 once deleted; 404 when there is none; 409
 *       {@code campaign-has-ads} (with {@code ad_ids}) while ads belong to it: delete them first.</li>
 *   <li>{@code GET /v1/campaigns[?status=active]}: every campaign in id order, optionally only those of one
 *       status: {@code {"campaigns": [...], "total": n}}.</li>
 * </ul>
 * Errors (problem+json): 400 {@code invalid-request} naming every broken rule's field (CEL's message on
 * {@code segment}) or {@code malformed-body}; 413; 415; 503 while the engine is not ready or the
 * database cannot be reached (nothing was stored).
 */
final class CampaignEndpoints {
  private CampaignEndpoints() {}

  static Handler put(Backend backend, int maxBodyBytes) {
    return ctx -> {
      EventFormats.requireJson(ctx.header("Content-Type"));
      byte[] body = RequestBodies.read(ctx, backend, maxBodyBytes);
      Campaign c = backend.campaigns().readCampaign(body, ctx.pathParam("id"));
      backend.campaigns().putCampaign(c);
      Json.respond(ctx, 200, CampaignViews.of(c));
    };
  }

  static Handler get(Backend backend) {
    return ctx -> Json.respond(ctx, 200, CampaignViews.of(find(backend, ctx.pathParam("id"))));
  }

  static Handler delete(Backend backend) {
    return ctx -> {
      String id = ctx.pathParam("id");
      if (!backend.campaigns().deleteCampaign(id)) {
        throw notFound(id);
      }
      ctx.status(204);
    };
  }

  static Handler list(Backend backend) {
    return ctx -> {
      String statusText = QueryParams.optional(ctx, "status");
      CampaignStatus status = statusText == null ? null : CampaignStatus.fromWire(statusText);
      if (statusText != null && status == null) {
        throw new ValidationException(
            "status", "must be one of draft, active, paused, ended but was \"" + statusText + "\"");
      }
      List<CampaignViews.CampaignView> out =
          backend.campaigns().inventory().campaigns().stream()
              .filter(c -> status == null || c.status() == status)
              .map(CampaignViews::of)
              .toList();
      Json.respond(ctx, 200, new Page(out, out.size()));
    };
  }

  /** The campaign with this id, or a 404. */
  static Campaign find(Backend backend, String id) {
    Campaign c = backend.campaigns().inventory().campaign(id);
    if (c == null) {
      throw notFound(id);
    }
    return c;
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("no campaign \"" + id + "\"");
  }

  /** The list body. */
  record Page(List<CampaignViews.CampaignView> campaigns, int total) {}
}
