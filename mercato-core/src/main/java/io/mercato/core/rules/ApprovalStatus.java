package io.mercato.core.rules;

import java.util.Locale;

/** Where a planned change waiting for approval stands. */
public enum ApprovalStatus {
  PENDING,
  APPROVED,
  REJECTED,
  EXPIRED,
  /** Approved, but a value it was planned from had changed: nothing applied. */
  STALE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code s} (case-insensitive), or null. */
  public static ApprovalStatus fromWire(String s) {
    for (ApprovalStatus a : values()) {
      if (a.name().equalsIgnoreCase(s)) {
        return a;
      }
    }
    return null;
  }
}
