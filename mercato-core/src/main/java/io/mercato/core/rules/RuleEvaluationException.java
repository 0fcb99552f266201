package io.mercato.core.rules;

import io.mercato.core.error.MercatoException;

/**
 * A condition that compiled but could not be evaluated for one campaign (a goal the campaign does
 * not have, a division by zero): the rule does not act on that campaign, and the run says why.
 */
public class RuleEvaluationException extends MercatoException {
  private static final long serialVersionUID = 1L;

  public RuleEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
