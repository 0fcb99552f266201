package io.mercato.core.ads;

import java.util.Locale;

/** Whether an ad may serve (its campaign must also be serving). */
public enum AdStatus {
  ACTIVE,
  PAUSED;

  /** The lower-case name used on the wire ({@code "active"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code s} on the wire (case-insensitive), or null when there is none. */
  public static AdStatus fromWire(String s) {
    for (AdStatus v : values()) {
      if (v.name().equalsIgnoreCase(s)) {
        return v;
      }
    }
    return null;
  }
}
