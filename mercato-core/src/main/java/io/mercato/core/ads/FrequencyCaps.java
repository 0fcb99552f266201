package io.mercato.core.ads;

/**
 * How many impressions one user may get, per ad of the campaign and per campaign as a whole, within
 * the last hour and the last 24 hours (sliding, by the decision clock). Every limit is at least 1.
 *
 * @param adPerHour       impressions of one ad per user in the last hour
 * @param adPerDay        impressions of one ad per user in the last 24 hours
 * @param campaignPerHour impressions of any of the campaign's ads per user in the last hour
 * @param campaignPerDay  impressions of any of the campaign's ads per user in the last 24 hours
 */
public record FrequencyCaps(int adPerHour, int adPerDay, int campaignPerHour, int campaignPerDay) {
  /** Defaults: 3 per hour and 10 per day per ad; 6 per hour and 20 per day per campaign. */
  public static final FrequencyCaps DEFAULTS = new FrequencyCaps(3, 10, 6, 20);

  public FrequencyCaps {
    if (adPerHour < 1 || adPerDay < 1 || campaignPerHour < 1 || campaignPerDay < 1) {
      throw new IllegalArgumentException("frequency caps must be at least 1");
    }
  }
}
