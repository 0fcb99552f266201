package io.mercato.core.campaign.change;

import java.util.Objects;

/**
 * One operation on one campaign or ad: what a manual adjustment asks for, and what a rule's action
 * becomes for each campaign (or ad) it acts on.
 */
public record Adjustment(EntityRef target, Operation operation) {
  public Adjustment {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(operation, "operation");
    boolean ad = target.kind() == EntityKind.AD;
    boolean ok;
    if (operation instanceof Operation.Pause || operation instanceof Operation.Resume) {
      ok = true;
    } else if (operation instanceof Operation.ChangeBid) {
      ok = ad;
    } else if (operation instanceof Operation.Restore r) {
      ok = r.field().appliesTo(target.kind());
    } else {
      ok = !ad;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          operation.wireName() + " does not apply to a " + target.kind().wireName());
    }
  }
}
