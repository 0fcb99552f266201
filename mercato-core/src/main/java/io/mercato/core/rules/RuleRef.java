package io.mercato.core.rules;

import java.util.Objects;

/** One version of a rule: what runs, approvals and audit entries name, written {@code id@version}. */
public record RuleRef(String id, int version) {
  public RuleRef {
    Objects.requireNonNull(id, "id");
    if (version < 1) {
      throw new IllegalArgumentException("a rule version starts at 1 but was " + version);
    }
  }

  @Override
  public String toString() {
    return id + "@" + version;
  }
}
