package io.mercato.core.rules;

import io.mercato.core.error.MercatoException;

/**
 * An approve or reject of an approval that is no longer pending (decided, or expired): nothing is
 * changed; the HTTP edge answers 409 with why.
 */
public class ApprovalClosedException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final ApprovalStatus status;

  public ApprovalClosedException(long id, ApprovalStatus status, String why) {
    super("approval " + id + " is " + status.wireName() + ": " + why);
    this.status = status;
  }

  /** Where the approval stands. */
  public ApprovalStatus status() {
    return status;
  }
}
