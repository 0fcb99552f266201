package io.mercato.flink.ads;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.Segment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Campaigns and ads without segments: all the job's ad operators need. Immutable. */
final class Definitions implements AdInventory {
  static final Definitions EMPTY = new Definitions(List.of(), List.of());
  private final Map<String, Campaign> campaigns = new TreeMap<>();
  private final Map<String, Ad> ads = new TreeMap<>();

  Definitions(List<Campaign> campaigns, List<Ad> ads) {
    campaigns.forEach(c -> this.campaigns.put(c.id(), c));
    ads.forEach(a -> this.ads.put(a.id(), a));
  }

  @Override
  public Collection<Campaign> campaigns() {
    return campaigns.values();
  }

  @Override
  public Campaign campaign(String id) {
    return campaigns.get(id);
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
    List<Ad> out = new ArrayList<>();
    ads.values().stream().filter(a -> a.placements().contains(placement)).forEach(out::add);
    return out;
  }

  @Override
  public Segment segmentOf(String campaignId) {
    return null;
  }
}
