package io.mercato.core.ads;

import java.util.Locale;

/**
 * Lifecycle of a campaign. Only {@link #ACTIVE} campaigns serve ads, and only between their start
 * and end; the other states keep the definition without serving.
 */
public enum CampaignStatus {
  /** Being prepared; never serves. */
  DRAFT,
  /** Serves while now is within [start, end) and budget is left. */
  ACTIVE,
  /** Stopped by a person or a rule; can be resumed. */
  PAUSED,
  /** Finished for good; kept for its KPIs. */
  ENDED;

  /** The lower-case name used on the wire ({@code "active"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code s} on the wire (case-insensitive), or null when there is none. */
  public static CampaignStatus fromWire(String s) {
    for (CampaignStatus v : values()) {
      if (v.name().equalsIgnoreCase(s)) {
        return v;
      }
    }
    return null;
  }
}
