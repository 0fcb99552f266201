package io.mercato.server;

import io.javalin.http.Handler;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.server.backend.Backend;
import java.util.Collection;
import java.util.List;

/**
 * The ad definitions.
 * <ul>
 *   <li>{@code PUT /v1/ads/{id}}: creates or replaces an ad (Content-Type {@code application/json}; rules
 *       in {@link io.mercato.core.ads.AdRules}). Its campaign must exist (400 on {@code campaign_id}
 *       otherwise) and an existing ad cannot move to another campaign (400 on {@code campaign_id}).
 *       Answers 200 with the stored ad once it is committed and visible.</li>
 *   <li>{@code GET /v1/ads/{id}}: the ad; 404 when there is none.</li>
 *   <li>{@code DELETE /v1/ads/{id}}: 204 once deleted; 404 when there is none.</li>
 *   <li>{@code GET /v1/ads[?campaign=ID]}: every ad in id order, or those of one campaign (404 when that
 *       campaign does not exist): {@code {"ads": [...], "total": n}}.</li>
 * </ul>
 * Errors as for the campaign endpoints ({@link CampaignEndpoints}).
 */
final class AdEndpoints {
  private AdEndpoints() {}

  static Handler put(Backend backend, int maxBodyBytes) {
    return ctx -> {
      EventFormats.requireJson(ctx.header("Content-Type"));
      byte[] body = RequestBodies.read(ctx, backend, maxBodyBytes);
      Ad ad = backend.campaigns().readAd(body, ctx.pathParam("id"));
      backend.campaigns().putAd(ad);
      Json.respond(ctx, 200, CampaignViews.of(ad));
    };
  }

  static Handler get(Backend backend) {
    return ctx -> {
      String id = ctx.pathParam("id");
      Ad ad = backend.campaigns().inventory().ad(id);
      if (ad == null) {
        throw notFound(id);
      }
      Json.respond(ctx, 200, CampaignViews.of(ad));
    };
  }

  static Handler delete(Backend backend) {
    return ctx -> {
      String id = ctx.pathParam("id");
      if (!backend.campaigns().deleteAd(id)) {
        throw notFound(id);
      }
      ctx.status(204);
    };
  }

  static Handler list(Backend backend) {
    return ctx -> {
      String campaign = QueryParams.optional(ctx, "campaign");
      AdInventory inventory = backend.campaigns().inventory();
      Collection<Ad> ads;
      if (campaign == null) {
        ads = backend.campaigns().ads();
      } else {
        if (inventory.campaign(campaign) == null) {
          throw new NotFoundException("no campaign \"" + campaign + "\"");
        }
        ads = inventory.adsOf(campaign);
      }
      List<CampaignViews.AdView> out = ads.stream().map(CampaignViews::of).toList();
      Json.respond(ctx, 200, new Page(out, out.size()));
    };
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("no ad \"" + id + "\"");
  }

  /** The list body. */
  record Page(List<CampaignViews.AdView> ads, int total) {}
}
