package io.mercato.core.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.Ad;
import io.mercato.core.campaign.change.Adjustment;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.campaign.change.Provenance;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A person's adjustment of a campaign or one of its ads, read from the body of a manual action
 * (what {@code POST /v1/campaigns/{id}/actions} will take), in the vocabulary of rule actions:
 * <pre>{@code
 * {"type": "pause"}                                   the campaign ("resume" likewise)
 * {"type": "pause", "ad_id": "ad-3"}                  one of its ads
 * {"type": "extend_end", "by": "1d", "ceiling": "2026-12-31T00:00:00Z"}
 * {"type": "change_discount", "how": "set", "amount": 20}
 * {"type": "change_bid", "ad_id": "ad-3", "percent": 10}
 * {"type": "change_daily_budget", "how": "add", "amount": 50}
 * {"type": "move_budget", "to": "summer-sale", "amount": 200, "reason": "summer sells better"}
 * }</pre>
 * Every member is checked and every fault reported with its field; {@code change_bid} needs an
 * {@code ad_id}, which must name an ad of the campaign; the campaign-only actions refuse one.
 *
 * @param adjustment what to change
 * @param reason     why, as the person wrote it (empty when not given)
 */
public record ManualAdjustment(Adjustment adjustment, String reason) {
  private static final List<String> FIELDS =
      List.of(
          "type", "ad_id", "by", "ceiling", "how", "amount", "min", "max", "percent", "to",
          "reason");

  public ManualAdjustment {
    Objects.requireNonNull(adjustment, "adjustment");
    reason = reason == null ? "" : reason;
  }

  /** The provenance of the change: the person's reason. */
  public Provenance provenance() {
    return Provenance.because(reason);
  }

  /**
   * Reads the action {@code body} addressed to campaign {@code campaignId}.
   *
   * @param ads the ad with an id, or null when there is none
   * @throws ValidationException listing every fault with its field
   */
  public static ManualAdjustment read(
      ObjectNode body, String campaignId, Function<String, Ad> ads) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(campaignId, "campaignId");
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors, FIELDS);
    String adId = f.text("ad_id", false);
    String reason = f.text("reason", false);
    if (reason != null && reason.length() > 2000) {
      f.error("reason", "must be at most 2000 characters but has " + reason.length());
    }
    RuleAction action = RuleJson.action(f);
    Operation op = null;
    if (action instanceof RuleAction.Notify) {
      f.error("type", "notify is a rule action; a manual action changes the campaign or an ad");
    } else if (action instanceof RuleAction.Change ch) {
      op = ch.operation();
      boolean adOnly = op instanceof Operation.ChangeBid;
      boolean either = op instanceof Operation.Pause || op instanceof Operation.Resume;
      if (adOnly && adId == null) {
        f.error("ad_id", "is required: change_bid changes one ad's bid");
      } else if (!adOnly && !either && adId != null) {
        f.error("ad_id", op.wireName() + " changes the campaign; leave ad_id out");
      }
    }
    if (adId != null && errors.isEmpty()) {
      Ad ad = ads.apply(adId);
      if (ad == null || !ad.campaignId().equals(campaignId)) {
        f.error(
            "ad_id",
            "names no ad of campaign \""
                + JsonFields.abbreviate(campaignId)
                + "\": \""
                + JsonFields.abbreviate(adId)
                + "\"");
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    EntityRef target = adId == null ? EntityRef.campaign(campaignId) : EntityRef.ad(adId);
    return new ManualAdjustment(new Adjustment(target, op), reason);
  }
}
