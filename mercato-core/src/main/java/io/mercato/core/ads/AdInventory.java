package io.mercato.core.ads;

import java.util.Collection;
import java.util.List;

/**
 * A consistent, read-only view of the campaigns and ads at one moment: what decisions choose from.
 * Implementations swap in a new view atomically when a definition changes, so one decision never
 * sees a campaign of one version and its ads of another. Reads are safe from any thread.
 */
public interface AdInventory {
  /** Every campaign, in id order. */
  Collection<Campaign> campaigns();

  /** The campaign with this id, or null. */
  Campaign campaign(String id);

  /** The ad with this id, or null. */
  Ad ad(String id);

  /** Every ad of a campaign, in id order; empty when it has none or does not exist. */
  List<Ad> adsOf(String campaignId);

  /** Every ad whose placements include {@code placement} (whatever its status), in id order. */
  List<Ad> adsIn(String placement);

  /**
   * The compiled segment of a campaign, or null when the campaign targets everyone. Compiled once
   * when the campaign is saved; evaluating it is safe from any thread.
   */
  Segment segmentOf(String campaignId);
}
