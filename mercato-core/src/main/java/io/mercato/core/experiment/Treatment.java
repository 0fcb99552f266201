package io.mercato.core.experiment;

import io.mercato.core.ads.Discount;
import io.mercato.core.reco.Strategy;
import java.util.Objects;

/** What an arm serves: the payload of its {@link ArmKind}. Immutable. */
public sealed interface Treatment {
  /** The kind this payload belongs to. */
  ArmKind kind();

  /**
   * Recommendations from {@code strategy} ({@code {"strategy": "item_cf"}}).
   *
   * @param strategy the strategy served to the arm's users; never null
   */
  record Recommendation(Strategy strategy) implements Treatment {
    public Recommendation {
      Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    public ArmKind kind() {
      return ArmKind.RECOMMENDATION_STRATEGY;
    }
  }

  /**
   * Ad decisions by {@code policy} ({@code {"policy": "bayesian_mean"}}).
   *
   * @param policy the ranking policy; never null
   */
  record AdDecisions(AdPolicy policy) implements Treatment {
    public AdDecisions {
      Objects.requireNonNull(policy, "policy");
    }

    @Override
    public ArmKind kind() {
      return ArmKind.AD_POLICY;
    }
  }

  /**
   * Campaign {@code campaignId} with {@code discount} instead of its own
   * ({@code {"campaign_id": "spring-sale", "discount": {"kind": "percent", "value": 15}}}).
   *
   * @param campaignId the campaign the arm changes; never blank
   * @param discount   the discount the arm's users get; null for none (the arm removes the discount)
   */
  record CampaignSettings(String campaignId, Discount discount) implements Treatment {
    public CampaignSettings {
      Objects.requireNonNull(campaignId, "campaignId");
      if (campaignId.isBlank()) {
        throw new IllegalArgumentException("campaign id must not be blank");
      }
    }

    @Override
    public ArmKind kind() {
      return ArmKind.CAMPAIGN_SETTINGS;
    }
  }
}
