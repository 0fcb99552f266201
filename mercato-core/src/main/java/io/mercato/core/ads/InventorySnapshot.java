package io.mercato.core.ads;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One immutable version of every campaign and ad, indexed for decisions: by id, ads by campaign and by
 * placement, and each campaign's compiled segment. Built whole on every change and published by a
 * single volatile write (the embedded engine's {@code AdStore}), so a reader that holds one sees a
 * consistent world; the Flink job keeps one (without segments) for charging ad events.
 * Building is O(campaigns + ads + placements); lookups are one hash lookup.
 */
public final class InventorySnapshot implements AdInventory {
  /** No campaign, no ad. */
  public static final InventorySnapshot EMPTY =
      new InventorySnapshot(List.of(), List.of(), c -> null);

  private final Map<String, Campaign> campaigns; // id order
  private final Map<String, Ad> ads;
  private final List<Ad> allAds; // id order
  private final Map<String, List<Ad>> adsByCampaign;
  private final Map<String, List<Ad>> adsByPlacement;
  private final Map<String, Segment> segments;

  /**
   * @param segmentOf the compiled segment of a campaign with a segment (called once per such campaign;
   *                  may answer null where segments are not needed)
   */
  public InventorySnapshot(
      Collection<Campaign> campaigns, Collection<Ad> ads, Function<Campaign, Segment> segmentOf) {
    TreeMap<String, Campaign> byId = new TreeMap<>();
    Map<String, Segment> segs = new HashMap<>();
    for (Campaign c : campaigns) {
      byId.put(c.id(), c);
      if (c.segment() != null) {
        segs.put(c.id(), segmentOf.apply(c));
      }
    }
    TreeMap<String, Ad> adsById = new TreeMap<>();
    ads.forEach(a -> adsById.put(a.id(), a));
    Map<String, List<Ad>> byCampaign = new HashMap<>();
    Map<String, List<Ad>> byPlacement = new HashMap<>();
    for (Ad a : adsById.values()) { // id order, so every list is in id order
      byCampaign.computeIfAbsent(a.campaignId(), k -> new ArrayList<>()).add(a);
      for (String p : a.placements()) {
        byPlacement.computeIfAbsent(p, k -> new ArrayList<>()).add(a);
      }
    }
    this.campaigns = Collections.unmodifiableMap(byId);
    this.ads = Collections.unmodifiableMap(new HashMap<>(adsById));
    this.allAds = List.copyOf(adsById.values());
    this.adsByCampaign = frozen(byCampaign);
    this.adsByPlacement = frozen(byPlacement);
    this.segments = Map.copyOf(segs);
  }

  private static Map<String, List<Ad>> frozen(Map<String, List<Ad>> m) {
    Map<String, List<Ad>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
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
    return adsByCampaign.getOrDefault(campaignId, List.of());
  }

  @Override
  public List<Ad> adsIn(String placement) {
    return adsByPlacement.getOrDefault(placement, List.of());
  }

  @Override
  public Segment segmentOf(String campaignId) {
    return segments.get(campaignId);
  }

  /** Every ad, in id order. */
  public List<Ad> ads() {
    return allAds;
  }

  public int campaignCount() {
    return campaigns.size();
  }

  public int adCount() {
    return ads.size();
  }
}
