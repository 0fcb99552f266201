package io.mercato.core.campaign.change;

import java.util.Locale;

/** What became of an audited change. */
public enum AuditOutcome {
  /** The change was applied. Only these can be undone. */
  APPLIED,
  /** A rule in {@code dry_run} mode computed it; nothing was changed. */
  DRY_RUN,
  /** A rule in {@code notify_only} mode proposed it; nothing was changed. */
  PROPOSED,
  /** A rule in {@code require_approval} mode planned it; it waits for a decision. */
  APPROVAL_REQUESTED,
  /** A person rejected the planned change. */
  REJECTED,
  /** Nobody decided before the approval expired. */
  EXPIRED,
  /** A webhook notification was delivered. */
  NOTIFIED,
  /** A webhook notification failed after its retries. */
  NOTIFY_FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome named {@code s} (case-insensitive), or null. */
  public static AuditOutcome fromWire(String s) {
    for (AuditOutcome o : values()) {
      if (o.name().equalsIgnoreCase(s)) {
        return o;
      }
    }
    return null;
  }
}
