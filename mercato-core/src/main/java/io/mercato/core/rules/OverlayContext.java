package io.mercato.core.rules;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeContext;
import io.mercato.core.campaign.change.EntityKind;
import io.mercato.core.campaign.change.FieldValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ChangeContext} that sees changes on top of another: what a rule's earlier actions (or
 * an earlier rule of the same cycle) planned or applied, so the next plans from the result rather
 * than from a value about to be replaced. Not thread-safe; one per decision or cycle.
 */
final class OverlayContext implements ChangeContext {
  private final ChangeContext base;
  private final Map<String, Campaign> campaigns = new HashMap<>();
  private final Map<String, Ad> ads = new HashMap<>();

  OverlayContext(ChangeContext base) {
    this.base = base;
  }

  /** Layers {@code changes} (already planned from this context) on top. */
  void apply(Collection<CampaignChange> changes) {
    for (CampaignChange c : changes) {
      String id = c.entity().id();
      if (c.entity().kind() == EntityKind.AD) {
        Ad a = ad(id);
        if (a != null) {
          ads.put(id, FieldValues.with(a, c.field(), c.after(), a.updatedMillis()));
        }
      } else {
        Campaign k = campaign(id);
        if (k != null) {
          campaigns.put(id, FieldValues.with(k, c.field(), c.after(), k.updatedMillis()));
        }
      }
    }
  }

  /** Layers committed definitions on top. */
  void put(Collection<Campaign> cs, Collection<Ad> as) {
    cs.forEach(c -> campaigns.put(c.id(), c));
    as.forEach(a -> ads.put(a.id(), a));
  }

  /** The campaign as this context sees it now ({@code c} when nothing was layered on it). */
  Campaign current(Campaign c) {
    return campaigns.getOrDefault(c.id(), c);
  }

  @Override
  public Campaign campaign(String id) {
    Campaign c = campaigns.get(id);
    return c != null ? c : base.campaign(id);
  }

  @Override
  public Ad ad(String id) {
    Ad a = ads.get(id);
    return a != null ? a : base.ad(id);
  }

  @Override
  public BigDecimal spent(String campaignId) {
    return base.spent(campaignId);
  }

  @Override
  public Instant now() {
    return base.now();
  }
}
