package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.ads.decide.Eligibility;
import io.mercato.server.backend.AdDecisions;
import java.util.List;

/**
 * {@code GET /v1/decisions/check?user_id=&ad_id=}: "should we push ad X to this user now?" —
 * {@code {"eligible": bool, "reasons": [...]}}, one sentence per rule, failures first. Records
 * nothing. Errors: 400 naming {@code user_id} or {@code ad_id}; 404 for an unknown ad.
 */
final class DecisionCheckEndpoint implements Handler {
  private final AdDecisions ads;

  DecisionCheckEndpoint(AdDecisions ads) {
    this.ads = ads;
  }

  @Override
  public void handle(Context ctx) {
    String user = DecisionsEndpoint.required(ctx, "user_id");
    String ad = DecisionsEndpoint.required(ctx, "ad_id");
    if (ads.inventory().ad(ad) == null) {
      throw new NotFoundException("no ad \"" + ad + "\" exists");
    }
    Eligibility e = ads.check(user, ad);
    Json.respond(ctx, 200, new Response(user, ad, e.eligible(), e.reasons()));
  }

  record Response(String userId, String adId, boolean eligible, List<String> reasons) {}
}
