package io.mercato.core.ads;

import io.mercato.core.error.MercatoException;

/** The campaign store could not read or write (database unreachable, disk full, ...). */
public class CampaignStoreException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public CampaignStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
