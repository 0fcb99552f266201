package io.mercato.core.campaign.change;

import io.mercato.core.error.MercatoException;

/**
 * An undo that cannot be done, with why: the field changed again since the change, the entry is
 * not an applied change, or it was already undone. Nothing is changed; the HTTP edge answers 409.
 */
public class UndoRefusedException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final long auditId;
  private final String why;

  public UndoRefusedException(long auditId, String why) {
    super("cannot undo audit entry " + auditId + ": " + why);
    this.auditId = auditId;
    this.why = why;
  }

  /** Why, in words (e.g. "it was already undone by audit entry 12"). */
  public String reason() {
    return why;
  }

  public long auditId() {
    return auditId;
  }
}
