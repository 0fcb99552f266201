package io.mercato.core.campaign.change;

import java.util.Locale;

/** What a change is made to. */
public enum EntityKind {
  CAMPAIGN,
  AD;

  /** The lower-case name used on the wire and in the audit log ({@code "campaign"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code s} (case-insensitive), or null when there is none. */
  public static EntityKind fromWire(String s) {
    for (EntityKind k : values()) {
      if (k.name().equalsIgnoreCase(s)) {
        return k;
      }
    }
    return null;
  }
}
