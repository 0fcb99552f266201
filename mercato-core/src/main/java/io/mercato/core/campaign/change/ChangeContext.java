package io.mercato.core.campaign.change;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The current values a change is planned from. The commit checks again that every value a plan was
 * made from is still current, so a context may be a little stale (an in-memory inventory) without
 * a change ever being applied to a value it did not see.
 */
public interface ChangeContext {
  /** The campaign, or null when there is none. */
  Campaign campaign(String id);

  /** The ad, or null when there is none. */
  Ad ad(String id);

  /** What the campaign has spent over its run (zero when unknown), in its currency. */
  BigDecimal spent(String campaignId);

  /** Now, wall-clock. */
  Instant now();

  /** A context over the durable definitions. */
  static ChangeContext of(
      CampaignRepository repo, Function<String, BigDecimal> spent, Instant now) {
    Objects.requireNonNull(repo, "repo");
    return new ChangeContext() {
      @Override
      public Campaign campaign(String id) {
        return repo.campaign(id).orElse(null);
      }

      @Override
      public Ad ad(String id) {
        return repo.ad(id).orElse(null);
      }

      @Override
      public BigDecimal spent(String campaignId) {
        BigDecimal s = spent.apply(campaignId);
        return s == null ? BigDecimal.ZERO : s;
      }

      @Override
      public Instant now() {
        return now;
      }
    };
  }

  /** A context over an in-memory inventory. */
  static ChangeContext of(AdInventory inventory, Function<String, BigDecimal> spent, Instant now) {
    Objects.requireNonNull(inventory, "inventory");
    return new ChangeContext() {
      @Override
      public Campaign campaign(String id) {
        return inventory.campaign(id);
      }

      @Override
      public Ad ad(String id) {
        return inventory.ad(id);
      }

      @Override
      public BigDecimal spent(String campaignId) {
        BigDecimal s = spent.apply(campaignId);
        return s == null ? BigDecimal.ZERO : s;
      }

      @Override
      public Instant now() {
        return now;
      }
    };
  }
}
