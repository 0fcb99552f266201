package io.mercato.core.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an arm changes; each kind has its own payload ({@link Treatment}). */
public enum ArmKind {
  /** A recommendation strategy ({@link Treatment.Recommendation}). */
  RECOMMENDATION_STRATEGY("recommendation_strategy"),
  /** An ad decision policy ({@link Treatment.AdDecisions}). */
  AD_POLICY("ad_policy"),
  /** A campaign's settings, such as its discount ({@link Treatment.CampaignSettings}). */
  CAMPAIGN_SETTINGS("campaign_settings");

  private final String wireName;

  ArmKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The kind called {@code name} (exact, lower case), or empty. */
  public static Optional<ArmKind> fromWire(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(ArmKind::wireName).toList();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
