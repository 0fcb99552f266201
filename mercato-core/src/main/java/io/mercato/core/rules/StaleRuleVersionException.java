package io.mercato.core.rules;

import io.mercato.core.error.MercatoException;

/**
 * An edit based on a version that is no longer the latest: someone saved another version in
 * between. Nothing is saved; the HTTP edge answers 409. Reload the rule and edit its latest version.
 */
public class StaleRuleVersionException extends MercatoException {
  private static final long serialVersionUID = 1L;
  private final int latest;

  public StaleRuleVersionException(String ruleId, int basedOn, int latest) {
    super(
        "rule \""
            + ruleId
            + "\" is at version "
            + latest
            + " but the edit was based on version "
            + basedOn
            + (basedOn == 0 ? " (it already exists)" : "")
            + "; reload it and edit the latest version");
    this.latest = latest;
  }

  /** The latest version now (0 when the rule does not exist). */
  public int latest() {
    return latest;
  }
}
