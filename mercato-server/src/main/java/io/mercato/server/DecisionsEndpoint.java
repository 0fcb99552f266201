package io.mercato.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.Discount;
import io.mercato.core.ads.decide.ChosenAd;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.error.ValidationException;
import io.mercato.server.backend.AdDecisions;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/decisions?user_id=&placement=&n=1&explore=true}: the ads to show this user in this
 * placement now, best first, each with its score, pCTR and reasons; an empty list with the reasons
 * when nothing qualified. Serving a decision records one {@code impression} event per ad, with the
 * returned {@code impression_id} as its event id: clients must not post those impressions again (a
 * repost with the same id is dropped as a duplicate). Clicks are reported as {@code ad_click} events
 * with {@code ad_id} and {@code campaign_id}. Each ad carries its campaign's current {@code discount}
 * (changed by people and rules through the actions API), so a storefront can honour it.
 *
 * <p>Errors (problem+json): 400 naming {@code user_id}, {@code placement}, {@code n} (1..10) or
 * {@code explore}; 503 while the engine is not ready or under backpressure.
 */
final class DecisionsEndpoint implements Handler {
  private final AdDecisions ads;

  DecisionsEndpoint(AdDecisions ads) {
    this.ads = ads;
  }

  @Override
  public void handle(Context ctx) {
    String user = required(ctx, "user_id");
    String placement = required(ctx, "placement");
    int n = QueryParams.intInRange(ctx, "n", 1, 10, 1);
    boolean explore = RecoParams.bool(ctx, "explore", true);
    Decision d = ads.decide(user, placement, n, explore);
    AdInventory inventory = ads.inventory();
    Json.respond(
        ctx,
        200,
        new Response(
            d.decisionId(),
            user,
            placement,
            d.ads().stream().map(c -> view(c, inventory.campaign(c.ad().campaignId()))).toList(),
            d.considered(),
            d.rejected(),
            d.reasons()));
  }

  static String required(Context ctx, String name) {
    String v = QueryParams.optional(ctx, name);
    if (v == null) {
      throw new ValidationException(name, "is required");
    }
    return v;
  }

  /** The ad as chosen, with the current discount of its campaign ({@code campaign} null when just deleted). */
  private static AdView view(ChosenAd c, Campaign campaign) {
    var ad = c.ad();
    Discount discount = campaign == null ? null : campaign.discount();
    return new AdView(
        ad.id(),
        ad.campaignId(),
        c.eventId(),
        c.score(),
        c.pCtr(),
        ad.bid().type().wireName(),
        ad.bid().amount(),
        new Creative(ad.creative().title(), ad.creative().imageUrl(), ad.creative().landingUrl()),
        ad.category(),
        discount == null
            ? null
            : new CampaignViews.DiscountView(
                discount.kind().name().toLowerCase(Locale.ROOT), discount.value()),
        c.reasons());
  }

  record Response(
      String decisionId,
      String userId,
      String placement,
      List<AdView> ads,
      int considered,
      Map<String, Integer> rejected,
      List<String> reasons) {}

  /** @param discount the campaign's current discount, for the storefront to honour; null when it has none */
  record AdView(
      String adId,
      String campaignId,
      String impressionId,
      double score,
      double pCtr,
      String bidType,
      BigDecimal bid,
      Creative creative,
      String category,
      CampaignViews.DiscountView discount,
      List<String> reasons) {}

  record Creative(String title, String imageUrl, String landingUrl) {}
}
