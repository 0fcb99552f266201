package io.mercato.core.campaign.change;

import java.util.Locale;
import java.util.Objects;

/**
 * Who makes a change: a rule (named {@code rule_id@version}), a person (the name the API was given,
 * or the API key's name), the API without a name, or the system (an approval expiring). A person
 * approving a rule's planned change is a person who carries the rule's reference.
 *
 * @param kind        what kind of actor
 * @param name        a display name: {@code id@version} for a rule; never blank
 * @param ruleId      the rule whose run this is, or null
 * @param ruleVersion its version (≥ 1); 0 when {@code ruleId} is null, or for a draft not saved yet
 *                    (a preview)
 */
public record Actor(Kind kind, String name, String ruleId, int ruleVersion) {
  /** Kinds of actors. */
  public enum Kind {
    RULE,
    PERSON,
    API,
    SYSTEM;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code s} (case-insensitive), or null. */
    public static Kind fromWire(String s) {
      for (Kind k : values()) {
        if (k.name().equalsIgnoreCase(s)) {
          return k;
        }
      }
      return null;
    }
  }

  public Actor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an actor needs a name");
    }
    if (ruleVersion < 0 || ruleId == null && ruleVersion != 0) {
      throw new IllegalArgumentException("a rule version needs a rule id and must not be negative");
    }
    if (kind == Kind.RULE && ruleId == null) {
      throw new IllegalArgumentException("a rule actor needs the rule's id and version");
    }
  }

  /** The run of version {@code version} of rule {@code ruleId}: named {@code ruleId@version}. */
  public static Actor rule(String ruleId, int version) {
    return new Actor(Kind.RULE, ruleId + "@" + version, ruleId, version);
  }

  /** A draft of rule {@code ruleId} that is not saved yet (a preview): named {@code ruleId@draft}. */
  public static Actor draft(String ruleId) {
    return new Actor(Kind.RULE, ruleId + "@draft", ruleId, 0);
  }

  /** A person, by the name the API was given. */
  public static Actor person(String name) {
    return new Actor(Kind.PERSON, name, null, 0);
  }

  /** The API without a named caller. */
  public static Actor api() {
    return new Actor(Kind.API, "api", null, 0);
  }

  /** Mercato itself (e.g. an approval that expired). */
  public static Actor system() {
    return new Actor(Kind.SYSTEM, "system", null, 0);
  }

  /** This actor acting for a rule's run (a person approving what the rule planned). */
  public Actor forRule(String id, int version) {
    return new Actor(kind, name, id, version);
  }

  /** True when this is a rule's automatic run (guardrails clamp instead of refusing). */
  public boolean isRule() {
    return kind == Kind.RULE;
  }
}
