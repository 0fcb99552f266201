package io.mercato.core.ads;

import java.math.BigDecimal;

/**
 * What a campaign aims at over its whole run; each goal is optional (null). KPIs report progress
 * toward each goal against the share of the campaign's time elapsed.
 *
 * @param participants distinct users reached (positive), or null
 * @param revenue      revenue from purchases attributed to the campaign (positive), or null
 * @param conversions  conversions (positive), or null
 */
public record CampaignGoals(Long participants, BigDecimal revenue, Long conversions) {
  /** No goals. */
  public static final CampaignGoals NONE = new CampaignGoals(null, null, null);

  public CampaignGoals {
    if (participants != null && participants <= 0) {
      throw new IllegalArgumentException("participants goal must be positive");
    }
    if (revenue != null && revenue.signum() <= 0) {
      throw new IllegalArgumentException("revenue goal must be positive");
    }
    if (conversions != null && conversions <= 0) {
      throw new IllegalArgumentException("conversions goal must be positive");
    }
  }
}
