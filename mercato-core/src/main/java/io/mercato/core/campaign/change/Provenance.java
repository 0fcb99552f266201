package io.mercato.core.campaign.change;

/**
 * Why a change is made and what it was made from.
 *
 * @param reason in words; may be empty
 * @param kpis   what a rule saw, or null
 * @param undoOf the audit entry a change undoes, or null (set by {@link Undo} per restored entry)
 */
public record Provenance(String reason, KpiSnapshot kpis, Long undoOf) {
  public Provenance {
    reason = reason == null ? "" : reason;
  }

  /** A manual change with a reason. */
  public static Provenance because(String reason) {
    return new Provenance(reason, null, null);
  }
}
