package io.mercato.core.ads;

import io.mercato.core.error.MercatoException;
import java.util.List;

/**
 * A campaign cannot be deleted while ads belong to it: deleting them along with it would lose their
 * definitions (and the ability to explain their past KPIs) by surprise. Delete the ads first.
 */
public class CampaignHasAdsException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final String campaignId;
  private final transient List<String> adIds;

  /** @param adIds some or all of the campaign's ads, in id order */
  public CampaignHasAdsException(String campaignId, List<String> adIds) {
    super(
        "campaign \""
            + campaignId
            + "\" still has "
            + (adIds.size() == 1 ? "1 ad" : adIds.size() + " ads")
            + " ("
            + String.join(", ", adIds.subList(0, Math.min(10, adIds.size())))
            + (adIds.size() > 10 ? ", ..." : "")
            + "); delete them first");
    this.campaignId = campaignId;
    this.adIds = List.copyOf(adIds);
  }

  public String campaignId() {
    return campaignId;
  }

  /** The ads that still belong to the campaign. */
  public List<String> adIds() {
    return adIds;
  }
}
