package io.mercato.core.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated rule version with its CEL programs planned once (compiling is the expensive part;
 * evaluating a planned program costs about a microsecond). Immutable and thread-safe: each
 * evaluation brings its own variables.
 */
public final class CompiledRule {
  private final Rule rule;
  private final CelRuntime.Program condition;
  private final CelRuntime.Program scope;
  private final CelRuntime.Program ads;
  private final CronSchedule cron;

  CompiledRule(
      Rule rule,
      CelRuntime.Program condition,
      CelRuntime.Program scope,
      CelRuntime.Program ads,
      CronSchedule cron) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.condition = Objects.requireNonNull(condition, "condition");
    this.scope = scope;
    this.ads = ads;
    this.cron = cron;
  }

  public Rule rule() {
    return rule;
  }

  /** {@code id@version}; only for a saved rule. */
  public RuleRef ref() {
    return rule.ref();
  }

  /**
   * True when {@code c} is in the rule's scope at {@code now}: active or paused (rules never touch a
   * draft or an ended campaign), named (when ids are given), not excluded, and matching the scope
   * condition (when given; an evaluation error means "not in scope").
   */
  public boolean inScope(Campaign c, Instant now) {
    if (c.status() == CampaignStatus.DRAFT || c.status() == CampaignStatus.ENDED) {
      return false;
    }
    RuleScope s = rule.scope();
    if (!s.campaignIds().isEmpty() && !s.campaignIds().contains(c.id())
        || s.excludedIds().contains(c.id())) {
      return false;
    }
    if (scope == null) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(scope.eval(CampaignVariables.resolver(c, now)));
    } catch (CelEvaluationException | RuntimeException e) {
      return false;
    }
  }

  /** True when ad {@code a} (with {@code [impressions, clicks]}) is one the rule's ad actions act on. */
  public boolean adInScope(Ad a, long[] counts) {
    if (!rule.scope().ads() || rule.scope().excludedIds().contains(a.id())) {
      return false;
    }
    if (ads == null) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(ads.eval(AdVariables.resolver(a, counts)));
    } catch (CelEvaluationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The rule's condition over KPI variables ({@link KpiVariables#of}).
   *
   * @throws RuleEvaluationException when CEL cannot evaluate it for these values
   */
  public boolean condition(Map<String, Object> kpiVariables) {
    try {
      // a resolver reads the map as it is; eval(Map) would copy it into an immutable map first
      return Boolean.TRUE.equals(
          condition.eval(
              (CelVariableResolver) name -> Optional.ofNullable(kpiVariables.get(name))));
    } catch (CelEvaluationException e) {
      throw new RuleEvaluationException("condition could not be evaluated: " + e.getMessage(), e);
    }
  }

  /** For a cron trigger: true when a cron time falls in (from, to]. False for other triggers. */
  boolean cronFires(Instant from, Instant to) {
    return cron != null && cron.firesBetween(from, to);
  }

  @Override
  public String toString() {
    return "CompiledRule[" + rule.id() + "@" + rule.version() + "]";
  }
}
