package io.mercato.core.ads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import io.mercato.core.text.IdRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads an ad from its JSON form and checks every rule, reporting each broken one with its field:
 * <pre>{@code
 * {"id": "ad-3", "campaign_id": "spring-sale",
 *  "creative": {"title": "15% off running shoes", "image_url": "https://cdn.example/ad-3.png",
 *               "landing_url": "https://shop.example/sale"},
 *  "category": "sports", "placements": ["home_banner", "sidebar"],
 *  "bid": {"type": "cpc", "amount": "0.40"}, "status": "active"}
 * }</pre>
 * <ul>
 *   <li>{@code id}: optional; when given it must equal the id the write is addressed to. An addressed
 *       id that breaks the id rule is refused on {@code id}.
 *   <li>{@code campaign_id}: required id. That the campaign exists is checked where ads are stored.
 *   <li>{@code creative}: required; {@code title} non-blank, at most {@value #MAX_TITLE_LENGTH}
 *       characters; {@code landing_url} required and {@code image_url} optional, absolute http or https
 *       URLs of at most 2,048 characters.
 *   <li>{@code category}: optional id.
 *   <li>{@code placements}: required non-empty array of distinct ids, at most {@value #MAX_PLACEMENTS}.
 *   <li>{@code bid}: required {@code {type: cpm|cpc, amount}}; the amount positive, a JSON number or a
 *       decimal string, at most 6 decimals, in the campaign's currency (per thousand impressions for
 *       cpm, per click for cpc).
 *   <li>{@code status}: {@code active} (the default) or {@code paused}.
 * </ul>
 * Ids follow the {@link io.mercato.core.text.IdRule} ({@link EventLimits#maxIdLength()}, and at most
 * {@value CampaignRules#MAX_ID_LENGTH} characters). {@code null} for an
 * optional member means absent; unknown members and {@code updated_at} are refused. Thread-safe.
 */
public final class AdRules {
  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_PLACEMENTS = 32;
  static final List<String> FIELDS =
      List.of("id", "campaign_id", "creative", "category", "placements", "bid", "status");
  static final List<String> SERVER_SET = List.of("updated_at");

  private final int maxIdLength;

  public AdRules(EventLimits limits) {
    this.maxIdLength =
        Math.min(
            CampaignRules.MAX_ID_LENGTH, Objects.requireNonNull(limits, "limits").maxIdLength());
  }

  /**
   * The ad {@code body} describes.
   *
   * @param adId          the id the write is addressed to (the path id)
   * @param updatedMillis stamped as {@link Ad#updatedMillis()}
   * @throws ValidationException listing every broken rule
   */
  public Ad read(ObjectNode body, String adId, long updatedMillis) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(adId, "adId");
    List<FieldError> errors = new ArrayList<>();
    FieldReader r = new FieldReader(body, "", errors, FIELDS, SERVER_SET);
    String addressed = new IdRule(maxIdLength).violation(adId);
    if (addressed != null) {
      r.error("id", "the ad id of the request " + addressed);
    }
    String id = r.id("id", false, maxIdLength);
    if (id != null && addressed == null && !id.equals(adId)) {
      r.error(
          "id",
          "must match the ad id of the request (\""
              + FieldReader.abbreviate(adId)
              + "\") but was \""
              + FieldReader.abbreviate(id)
              + "\"; leave it out or send the same id");
    }
    String campaignId = r.id("campaign_id", true, maxIdLength);
    Creative creative = creative(r);
    String category = r.id("category", false, maxIdLength);
    List<String> placements = r.ids("placements", true, MAX_PLACEMENTS, maxIdLength);
    Bid bid = bid(r);
    AdStatus status = AdStatus.ACTIVE;
    String statusText = r.text("status", false);
    if (statusText != null) {
      status = AdStatus.fromWire(statusText);
      if (status == null) {
        r.error(
            "status",
            "must be active or paused but was \"" + FieldReader.abbreviate(statusText) + "\"");
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Ad(
        adId,
        campaignId,
        creative,
        category,
        new TreeSet<>(placements),
        bid,
        status,
        updatedMillis);
  }

  private static Creative creative(FieldReader r) {
    FieldReader c = r.object("creative", true, List.of("title", "image_url", "landing_url"));
    if (c == null) {
      return null;
    }
    String title = c.label("title", true, MAX_TITLE_LENGTH);
    String image = c.url("image_url", false);
    String landing = c.url("landing_url", true);
    return title == null || landing == null ? null : new Creative(title, image, landing);
  }

  private static Bid bid(FieldReader r) {
    FieldReader b = r.object("bid", true, List.of("type", "amount"));
    if (b == null) {
      return null;
    }
    String typeText = b.text("type", true);
    BidType type = null;
    if (typeText != null) {
      type = BidType.fromWire(typeText);
      if (type == null) {
        b.error("type", "must be cpm or cpc but was \"" + FieldReader.abbreviate(typeText) + "\"");
      }
    }
    BigDecimal amount = b.amount("amount", true);
    return type == null || amount == null ? null : new Bid(type, amount);
  }
}
