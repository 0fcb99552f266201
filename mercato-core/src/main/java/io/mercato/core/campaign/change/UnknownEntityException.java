package io.mercato.core.campaign.change;

import io.mercato.core.error.MercatoException;

/** A change names a campaign, ad or audit entry that does not exist; the HTTP edge answers 404. */
public class UnknownEntityException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public UnknownEntityException(String what) {
    super("there is no " + what);
  }
}
