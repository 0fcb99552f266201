package io.mercato.core.rules;

import io.mercato.core.campaign.change.Operation;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** What a rule does when its condition holds. */
public sealed interface RuleAction {
  /** The action's wire name ({@code pause}, {@code change_bid}, {@code notify}). */
  String wireName();

  /** What a change action acts on. */
  enum Target {
    /** The campaign in scope. */
    CAMPAIGN,
    /** Each ad of the campaign in scope that the scope's ad condition selects. */
    ADS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A change of each target through the one change path. {@link Operation.ChangeBid} acts on ads;
   * pause and resume on either; the others on the campaign.
   */
  record Change(Target target, Operation operation) implements RuleAction {
    public Change {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(operation, "operation");
      if (operation instanceof Operation.Restore) {
        throw new IllegalArgumentException("restore is undo's operation, not a rule action");
      }
    }

    /** A change of the campaign. */
    public static Change campaign(Operation op) {
      return new Change(Target.CAMPAIGN, op);
    }

    /** A change of the campaign's ads. */
    public static Change ads(Operation op) {
      return new Change(Target.ADS, op);
    }

    @Override
    public String wireName() {
      return operation.wireName();
    }
  }

  /**
   * A webhook POST of a JSON body saying what the rule saw and planned, retried with backoff; its
   * outcome is audited.
   *
   * @param url an absolute http or https URL
   */
  record Notify(URI url) implements RuleAction {
    public Notify {
      Objects.requireNonNull(url, "url");
    }

    @Override
    public String wireName() {
      return "notify";
    }
  }
}
