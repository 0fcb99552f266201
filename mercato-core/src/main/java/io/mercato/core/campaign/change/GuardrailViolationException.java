package io.mercato.core.campaign.change;

import io.mercato.core.error.ValidationException;

/**
 * A person's change that a guardrail does not allow (a discount above the highest, a budget move
 * that would take a campaign below its spend). Nothing is changed. Rules are clamped instead.
 */
public class GuardrailViolationException extends ValidationException {
  private static final long serialVersionUID = 1L;

  public GuardrailViolationException(String field, String message) {
    super(field, message);
  }
}
