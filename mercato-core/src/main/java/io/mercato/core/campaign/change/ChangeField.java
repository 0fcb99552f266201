package io.mercato.core.campaign.change;

import java.util.Locale;

/**
 * A field a change may set, with the entity kind it belongs to. Values are written as text by
 * {@link FieldValues} (the audit log keeps them so, and undo reads them back).
 */
public enum ChangeField {
  /** A campaign's or an ad's status ({@code active}, {@code paused}). */
  STATUS(null),
  /** A campaign's end instant. */
  END(EntityKind.CAMPAIGN),
  /** A campaign's discount ({@code percent:15}, {@code amount:5}, {@code none}). */
  DISCOUNT(EntityKind.CAMPAIGN),
  /** An ad's bid amount. */
  BID(EntityKind.AD),
  /** A campaign's daily budget. */
  DAILY_BUDGET(EntityKind.CAMPAIGN),
  /** A campaign's total budget (moved between campaigns). */
  TOTAL_BUDGET(EntityKind.CAMPAIGN),
  /** Not a field: the outcome of a webhook notification, audited like a change. */
  NOTIFICATION(EntityKind.CAMPAIGN);

  private final EntityKind only;

  ChangeField(EntityKind only) {
    this.only = only;
  }

  /** True when entities of {@code kind} have this field. */
  public boolean appliesTo(EntityKind kind) {
    return only == null || only == kind;
  }

  /** The lower-case name used on the wire ({@code "daily_budget"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The field named {@code s} (case-insensitive), or null when there is none. */
  public static ChangeField fromWire(String s) {
    for (ChangeField f : values()) {
      if (f.name().equalsIgnoreCase(s)) {
        return f;
      }
    }
    return null;
  }
}
