package io.mercato.core.ads;

import java.util.List;
import java.util.Optional;

/**
 * Where campaign and ad definitions are kept durably (the port; a relational implementation lives in
 * {@code mercato-store}). Every write is committed before it returns; reads see every write that
 * returned. Referential rules are the repository's to enforce, so they hold whoever writes: an ad's
 * campaign must exist, and a campaign with ads cannot be deleted.
 *
 * <p>Failures of the underlying store are {@link CampaignStoreException}s; after one, nothing of the
 * failed write is visible. Implementations are thread-safe.
 */
public interface CampaignRepository extends AutoCloseable {
  /** Creates or replaces the campaign with {@code campaign.id()}. */
  void putCampaign(Campaign campaign);

  /** The campaign with this id, if any. */
  Optional<Campaign> campaign(String id);

  /** Every campaign, in id order (by UTF-16 code units, like {@link String#compareTo}). */
  List<Campaign> campaigns();

  /**
   * Deletes a campaign that has no ads.
   *
   * @return false when there was no such campaign
   * @throws CampaignHasAdsException when ads still belong to it (nothing is deleted)
   */
  boolean deleteCampaign(String id);

  /**
   * Creates or replaces the ad with {@code ad.id()}.
   *
   * @throws UnknownCampaignException when {@code ad.campaignId()} names no campaign (nothing is stored)
   */
  void putAd(Ad ad);

  /** The ad with this id, if any. */
  Optional<Ad> ad(String id);

  /** Every ad, in id order. */
  List<Ad> ads();

  /** The ads of one campaign, in id order; empty when it has none or does not exist. */
  List<Ad> adsOf(String campaignId);

  /** @return false when there was no such ad */
  boolean deleteAd(String id);

  /** Releases connections; later calls fail. Idempotent. */
  @Override
  void close();
}
