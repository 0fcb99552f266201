package io.mercato.core.ads;

import java.util.Locale;

/**
 * How an ad pays: {@link #CPM} per thousand impressions, {@link #CPC} per click. Decides both the
 * ranking value (CPM bids compete on the bid, CPC bids on pCTR × bid, both per impression) and
 * what is charged to the campaign's budget.
 */
public enum BidType {
  CPM,
  CPC;

  /** The lower-case name used on the wire ({@code "cpc"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code s} on the wire (case-insensitive), or null when there is none. */
  public static BidType fromWire(String s) {
    for (BidType v : values()) {
      if (v.name().equalsIgnoreCase(s)) {
        return v;
      }
    }
    return null;
  }
}
