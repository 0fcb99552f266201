package io.mercato.core.campaign.change;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import java.util.List;

/**
 * What a commit applied: its audit entries and the campaigns and ads as they are now, for the
 * runtime to serve at once.
 */
public record Committed(List<AuditEntry> entries, List<Campaign> campaigns, List<Ad> ads) {
  /** Nothing applied. */
  public static final Committed NONE = new Committed(List.of(), List.of(), List.of());

  public Committed {
    entries = List.copyOf(entries);
    campaigns = List.copyOf(campaigns);
    ads = List.copyOf(ads);
  }
}
