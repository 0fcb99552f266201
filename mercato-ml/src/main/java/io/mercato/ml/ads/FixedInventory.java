package io.mercato.ml.ads;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.Segment;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ads of an impression log, as the {@link AdInventory} the ad ledger needs to attribute events to
 * campaigns and categories. Offline evaluation has no campaign definitions: {@link #campaign},
 * {@link #campaigns} and {@link #segmentOf} answer none (the ledger does not read them to count).
 */
final class FixedInventory implements AdInventory {
  private final Map<String, Ad> ads = new TreeMap<>();

  FixedInventory(Collection<Ad> ads) {
    for (Ad a : ads) {
      this.ads.put(a.id(), a);
    }
  }

  @Override
  public Collection<Campaign> campaigns() {
    return List.of();
  }

  @Override
  public Campaign campaign(String id) {
    return null;
  }

  @Override
  public Ad ad(String id) {
    return ads.get(id);
  }

  @Override
  public List<Ad> adsOf(String campaignId) {
    return ads.values().stream().filter(a -> a.campaignId().equals(campaignId)).toList();
  }

  @Override
  public List<Ad> adsIn(String placement) {
    return ads.values().stream().filter(a -> a.placements().contains(placement)).toList();
  }

  @Override
  public Segment segmentOf(String campaignId) {
    return null;
  }
}
