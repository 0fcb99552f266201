package io.mercato.server;

import io.javalin.http.Handler;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.engine.Engine;
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

  static Handler put(Engine engine, int maxBodyBytes) {
    return ctx -> {
      EventFormats.requireJson(ctx.header("Content-Type"));
      byte[] body = RequestBodies.read(ctx, engine, maxBodyBytes);
      Ad ad = engine.campaigns().readAd(body, ctx.pathParam("id"));
      engine.campaigns().putAd(ad);
      Json.respond(ctx, 200, CampaignViews.of(ad));
    };
  }

  static Handler get(Engine engine) {
    return ctx -> {
      String id = ctx.pathParam("id");
      Ad ad = engine.campaigns().inventory().ad(id);
      if (ad == null) {
        throw notFound(id);
      }
      Json.respond(ctx, 200, CampaignViews.of(ad));
    };
  }

  static Handler delete(Engine engine) {
    return ctx -> {
      String id = ctx.pathParam("id");
      if (!engine.campaigns().deleteAd(id)) {
        throw notFound(id);
      }
      ctx.status(204);
    };
  }

  static Handler list(Engine engine) {
    return ctx -> {
      String campaign = QueryParams.optional(ctx, "campaign");
      AdInventory inventory = engine.campaigns().inventory();
      Collection<Ad> ads;
      if (campaign == null) {
        ads = engine.campaigns().ads();
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
