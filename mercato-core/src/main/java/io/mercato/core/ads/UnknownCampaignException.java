package io.mercato.core.ads;

import io.mercato.core.error.ValidationException;

/** An ad names a campaign that does not exist: a broken rule on the ad's {@code campaign_id}. */
public class UnknownCampaignException extends ValidationException {
  private static final long serialVersionUID = 1L;
  private final String campaignId;

  public UnknownCampaignException(String campaignId) {
    super(
        "campaign_id",
        "names no campaign: there is no campaign \""
            + campaignId
            + "\"; create the campaign first");
    this.campaignId = campaignId;
  }

  public String campaignId() {
    return campaignId;
  }
}
