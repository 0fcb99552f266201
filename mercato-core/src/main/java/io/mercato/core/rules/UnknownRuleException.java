package io.mercato.core.rules;

import io.mercato.core.error.MercatoException;

/** No rule (or rule version, or approval) with that id; the HTTP edge answers 404. */
public class UnknownRuleException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public UnknownRuleException(String what) {
    super("there is no rule \"" + what + "\"");
  }
}
