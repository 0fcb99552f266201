package io.mercato.core.ads.decide;

import java.math.BigDecimal;

/**
 * A campaign's all-time serving totals, money in the campaign's currency.
 *
 * @param overdelivery the value of clicks served after the budget ran out, which were not charged
 */
public record CampaignTotals(
    long impressions,
    long clicks,
    long conversions,
    BigDecimal revenue,
    BigDecimal spend,
    BigDecimal overdelivery) {}
