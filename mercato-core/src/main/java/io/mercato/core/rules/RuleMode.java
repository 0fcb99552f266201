package io.mercato.core.rules;

import java.util.Locale;

/** What a rule does when its condition holds. */
public enum RuleMode {
  /** Computes the changes and tells (webhooks, audit as proposals); changes nothing. */
  NOTIFY_ONLY,
  /** Computes the changes and audits them as dry runs; changes nothing. */
  DRY_RUN,
  /** Applies the changes. */
  AUTO,
  /** Plans the changes; they wait for a person to approve or reject them, and expire. */
  REQUIRE_APPROVAL;

  /** The wire name ({@code notify_only}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code s} (case-insensitive), or null. */
  public static RuleMode fromWire(String s) {
    for (RuleMode m : values()) {
      if (m.name().equalsIgnoreCase(s)) {
        return m;
      }
    }
    return null;
  }
}
