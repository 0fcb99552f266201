package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.ads.Campaign;
import io.mercato.core.time.Window;
import io.mercato.server.backend.AdDecisions;

/**
 * {@code GET /v1/campaigns/{id}/kpis?window=1h}: participants (distinct users in the window, HLL,
 * about 1.6% error), impressions, clicks, conversions, revenue, spend, CTR and CVR in the window;
 * all-time totals, budget left, goals against the share of the run elapsed, and a per-minute series
 * (hourly for windows over 24 hours). Window counts cover the whole minutes overlapping the window.
 * Errors: 404 for an unknown campaign; 400 naming {@code window} with the valid names.
 */
final class CampaignKpisEndpoint implements Handler {
  private final AdDecisions ads;

  CampaignKpisEndpoint(AdDecisions ads) {
    this.ads = ads;
  }

  @Override
  public void handle(Context ctx) {
    Campaign c = campaign(ads, ctx.pathParam("id"));
    Window w = QueryParams.window(ctx, "window", ads.windows(), "1h");
    Json.respond(ctx, 200, KpiViews.of(c, ads.kpis(c, w)));
  }

  static Campaign campaign(AdDecisions ads, String id) {
    Campaign c = ads.inventory().campaign(id);
    if (c == null) {
      throw new NotFoundException("no campaign \"" + id + "\" exists");
    }
    return c;
  }
}
