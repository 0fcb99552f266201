package io.mercato.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of an automation rule. A rule is versioned: an edit saves a new version (the old stay
 * readable), and every run, approval and audit entry names {@code id@version}. Semantic validation
 * (conditions type-check, guardrails, ranges) is {@link RuleCompiler}'s; this record only holds the
 * structure.
 *
 * @param id               the rule's id (the id rule of campaigns)
 * @param version          1, 2, ... once saved; 0 for a draft not saved yet
 * @param name             display name
 * @param enabled          false keeps the rule without running it
 * @param scope            which campaigns (and ads)
 * @param window           the KPI window the condition reads (e.g. {@code 10m})
 * @param condition        a CEL condition over the KPI variables ({@link KpiVariables})
 * @param minSample        what the window must hold before the rule may act
 * @param trigger          when it is checked
 * @param cooldown         after acting on a campaign, how long before it may act on it again (≥ 0)
 * @param maxActionsPerDay most times it may act on one campaign per calendar day of the campaign's zone
 * @param actions          what it does, in order
 * @param mode             apply, dry-run, notify or ask for approval
 * @param approvalTtl      how long a planned change waits for approval before it expires
 * @param createdAt        when this version was saved (null for a draft)
 * @param author           who saved this version (null for a draft)
 */
public record Rule(
    String id,
    int version,
    String name,
    boolean enabled,
    RuleScope scope,
    String window,
    String condition,
    MinimumSample minSample,
    RuleTrigger trigger,
    Duration cooldown,
    int maxActionsPerDay,
    List<RuleAction> actions,
    RuleMode mode,
    Duration approvalTtl,
    Instant createdAt,
    String author) {
  /** Default {@link #approvalTtl()}. */
  public static final Duration DEFAULT_APPROVAL_TTL = Duration.ofHours(24);

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(mode, "mode");
    minSample = minSample == null ? MinimumSample.NONE : minSample;
    cooldown = cooldown == null ? Duration.ZERO : cooldown;
    approvalTtl = approvalTtl == null ? DEFAULT_APPROVAL_TTL : approvalTtl;
    actions = List.copyOf(actions);
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative");
    }
  }

  /** The reference of this version ({@code id@version}); only for a saved rule. */
  public RuleRef ref() {
    return new RuleRef(id, version);
  }

  /** This rule as version {@code v}, saved at {@code at} by {@code by}. */
  public Rule saved(int v, Instant at, String by) {
    return new Rule(
        id,
        v,
        name,
        enabled,
        scope,
        window,
        condition,
        minSample,
        trigger,
        cooldown,
        maxActionsPerDay,
        actions,
        mode,
        approvalTtl,
        at,
        by);
  }

  /** This rule enabled or disabled (as a draft of the next version). */
  public Rule withEnabled(boolean on) {
    return new Rule(
        id,
        version,
        name,
        on,
        scope,
        window,
        condition,
        minSample,
        trigger,
        cooldown,
        maxActionsPerDay,
        actions,
        mode,
        approvalTtl,
        createdAt,
        author);
  }
}
