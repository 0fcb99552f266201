package io.mercato.core.rules;

import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.mercato.core.ads.CampaignRules;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.cel.CelSupport;
import io.mercato.core.cel.ConditionException;
import io.mercato.core.cel.ConditionPosition;
import io.mercato.core.error.FieldError;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a rule and plans its CEL programs: the whole of "type-checked on save". Every broken
 * rule is reported with its wire field, all at once ({@link RuleValidationException}, with the
 * position of each CEL fault):
 * <ul>
 *   <li>{@code id}: the id rule of campaigns (non-blank, at most {@value CampaignRules#MAX_ID_LENGTH}
 *       characters, no control characters); {@code name}: non-blank, at most
 *       {@value CampaignRules#MAX_NAME_LENGTH} characters;
 *   <li>{@code window}: one of the KPI windows;
 *   <li>{@code condition}: a CEL expression of type bool over {@link KpiVariables};
 *       {@code scope.condition} over {@link CampaignVariables}; {@code scope.ad_condition} over
 *       {@link AdVariables} (and only with {@code scope.ads}); the scope names campaigns or has a
 *       condition (use {@code "true"} for every campaign);
 *   <li>{@code trigger}: {@code every} at least a minute; {@code cron} a five-field Unix expression;
 *       {@code on_kpi_change} at least a second apart; at most a day for either interval;
 *   <li>{@code cooldown}: 0 to 30 days; {@code max_actions_per_day}: 1 to {@value #MAX_ACTIONS_PER_DAY};
 *   <li>{@code actions}: 1 to {@value #MAX_ACTIONS}; ad actions need {@code scope.ads}; a bid
 *       change acts on ads; the others but pause/resume act on the campaign; no action's own limits
 *       break a guardrail ({@link Guardrails#violations}); a webhook is an absolute http(s) URL;
 *   <li>{@code approval_ttl}: 1 minute to 7 days.
 * </ul>
 * Thread-safe: build one and share it.
 */
public final class RuleCompiler {
  public static final int MAX_ACTIONS = 10;
  public static final int MAX_ACTIONS_PER_DAY = 1000;
  static final Duration MAX_COOLDOWN = Duration.ofDays(30);
  static final Duration MAX_INTERVAL = Duration.ofDays(1);
  static final Duration MIN_TTL = Duration.ofMinutes(1);
  static final Duration MAX_TTL = Duration.ofDays(7);

  private final Set<String> windows;
  private final Guardrails guardrails;
  private final CelCompiler kpis;
  private final CelCompiler campaigns;
  private final CelCompiler ads;
  private final CelRuntime runtime;

  /**
   * @param windows    the KPI window names a rule may read (the runtime's, e.g. {@code 1m, 10m, 1h, 24h, 7d})
   * @param guardrails the limits a rule's static bounds are checked against
   */
  public RuleCompiler(Collection<String> windows, Guardrails guardrails) {
    this.windows = Set.copyOf(windows);
    this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
    this.kpis = compiler(KpiVariables.TYPES);
    this.campaigns = compiler(CampaignVariables.TYPES);
    this.ads = compiler(AdVariables.TYPES);
    this.runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(CelSupport.options()).build();
  }

  private static CelCompiler compiler(Map<String, CelType> variables) {
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(CelSupport.options())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL);
    variables.forEach(b::addVar);
    return b.build();
  }

  public Guardrails guardrails() {
    return guardrails;
  }

  /** The KPI windows rules may read. */
  public Set<String> windows() {
    return windows;
  }

  /**
   * Validates {@code rule} and plans its conditions.
   *
   * @throws RuleValidationException listing every broken rule
   */
  public CompiledRule compile(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    Check c = new Check();
    id(c, "id", rule.id());
    if (rule.name().isBlank()) {
      c.error("name", "must not be blank");
    } else if (rule.name().codePointCount(0, rule.name().length())
        > CampaignRules.MAX_NAME_LENGTH) {
      c.error("name", "must be at most " + CampaignRules.MAX_NAME_LENGTH + " characters");
    }
    if (!windows.contains(rule.window())) {
      c.error(
          "window",
          "must be one of the KPI windows "
              + windows.stream().sorted().toList()
              + " but was \""
              + rule.window()
              + "\"");
    }
    CelRuntime.Program condition =
        c.program(kpis, "condition", rule.condition(), KpiVariables.names());
    RuleScope s = rule.scope();
    if (s.campaignIds().isEmpty() && s.condition() == null) {
      c.error("scope", "must name campaign_ids or have a condition (\"true\" for every campaign)");
    }
    s.campaignIds().forEach(id -> id(c, "scope.campaign_ids", id));
    s.excludedIds().forEach(id -> id(c, "scope.excluded_ids", id));
    CelRuntime.Program scope =
        s.condition() == null
            ? null
            : c.program(campaigns, "scope.condition", s.condition(), CampaignVariables.names());
    CelRuntime.Program adScope = null;
    if (s.adCondition() != null) {
      if (!s.ads()) {
        c.error("scope.ad_condition", "needs scope.ads: true");
      }
      adScope = c.program(ads, "scope.ad_condition", s.adCondition(), AdVariables.names());
    }
    CronSchedule cron = trigger(c, rule.trigger());
    if (rule.cooldown().isNegative() || rule.cooldown().compareTo(MAX_COOLDOWN) > 0) {
      c.error("cooldown", "must be between 0 and 30 days but was " + rule.cooldown());
    }
    if (rule.maxActionsPerDay() < 1 || rule.maxActionsPerDay() > MAX_ACTIONS_PER_DAY) {
      c.error(
          "max_actions_per_day",
          "must be in [1, " + MAX_ACTIONS_PER_DAY + "] but was " + rule.maxActionsPerDay());
    }
    actions(c, rule);
    if (rule.approvalTtl().compareTo(MIN_TTL) < 0 || rule.approvalTtl().compareTo(MAX_TTL) > 0) {
      c.error("approval_ttl", "must be between 1 minute and 7 days but was " + rule.approvalTtl());
    }
    if (!c.errors.isEmpty()) {
      throw new RuleValidationException(c.errors, c.positions);
    }
    return new CompiledRule(rule, condition, scope, adScope, cron);
  }

  private static CronSchedule trigger(Check c, RuleTrigger t) {
    if (t instanceof RuleTrigger.Every e) {
      interval(c, "trigger.interval", e.interval(), RuleTrigger.MIN_EVERY);
    } else if (t instanceof RuleTrigger.OnKpiChange k) {
      interval(c, "trigger.min_interval", k.minInterval(), RuleTrigger.MIN_KPI_INTERVAL);
    } else if (t instanceof RuleTrigger.Cron cron) {
      try {
        return CronSchedule.parse(cron.expression(), cron.zone());
      } catch (IllegalArgumentException e) {
        c.error(
            "trigger.cron",
            "is not a five-field cron expression (minute hour day-of-month month day-of-week, "
                + "e.g. \"0 9 * * MON-FRI\"): "
                + e.getMessage());
      }
    }
    return null;
  }

  private static void interval(Check c, String field, Duration d, Duration min) {
    if (d.compareTo(min) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
      c.error(field, "must be between " + min.toSeconds() + " seconds and 1 day but was " + d);
    }
  }

  private void actions(Check c, Rule rule) {
    List<RuleAction> actions = rule.actions();
    if (actions.isEmpty() || actions.size() > MAX_ACTIONS) {
      c.error("actions", "must have 1 to " + MAX_ACTIONS + " actions but has " + actions.size());
    }
    for (int i = 0; i < actions.size(); i++) {
      String p = "actions[" + i + "].";
      RuleAction a = actions.get(i);
      if (a instanceof RuleAction.Notify n) {
        URI u = n.url();
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!u.isAbsolute()
            || !(scheme.equals("http") || scheme.equals("https"))
            || u.getHost() == null) {
          c.error(
              p + "url", "must be an absolute http or https URL with a host but was \"" + u + "\"");
        }
        continue;
      }
      RuleAction.Change ch = (RuleAction.Change) a;
      Operation op = ch.operation();
      boolean onAds = ch.target() == RuleAction.Target.ADS;
      boolean either = op instanceof Operation.Pause || op instanceof Operation.Resume;
      if (onAds && !rule.scope().ads()) {
        c.error(p + "target", op.wireName() + " on ads needs scope.ads: true");
      }
      if (op instanceof Operation.ChangeBid && !onAds) {
        c.error(p + "target", "change_bid acts on ads: set target \"ads\"");
      } else if (!either && !(op instanceof Operation.ChangeBid) && onAds) {
        c.error(p + "target", op.wireName() + " acts on the campaign: set target \"campaign\"");
      }
      if (op instanceof Operation.MoveBudget m) {
        id(c, p + "to", m.to());
        if (rule.scope().campaignIds().size() == 1 && rule.scope().campaignIds().contains(m.to())) {
          c.error(p + "to", "names the rule's own campaign: budget cannot move to itself");
        }
      }
      for (FieldError e : guardrails.violations(op, p)) {
        c.errors.add(e);
      }
    }
  }

  /** The id rule of campaigns and ads. */
  private static void id(Check c, String field, String id) {
    if (id.isBlank()) {
      c.error(field, "must not be blank");
    } else if (id.codePointCount(0, id.length()) > CampaignRules.MAX_ID_LENGTH) {
      c.error(field, "must be at most " + CampaignRules.MAX_ID_LENGTH + " characters");
    } else if (id.chars().anyMatch(Character::isISOControl)) {
      c.error(field, "must not contain control characters");
    }
  }

  /** The errors of one rule, with the positions of CEL faults. */
  private final class Check {
    final List<FieldError> errors = new ArrayList<>();
    final Map<String, ConditionPosition> positions = new LinkedHashMap<>();

    void error(String field, String message) {
      errors.add(new FieldError(field, message));
    }

    CelRuntime.Program program(
        CelCompiler compiler, String field, String expression, String names) {
      if (expression.isBlank()) {
        error(field, "must not be blank");
        return null;
      }
      if (expression.length() > CelSupport.MAX_LENGTH) {
        error(
            field,
            "must be at most "
                + CelSupport.MAX_LENGTH
                + " characters but has "
                + expression.length());
        return null;
      }
      CelValidationResult result = compiler.compile(expression);
      if (result.hasError()) {
        ConditionException e = CelSupport.failure(field, result, names);
        errors.add(e.errors().get(0));
        positions.put(field, e.position());
        return null;
      }
      try {
        return runtime.createProgram(result.getAst());
      } catch (CelValidationException | CelEvaluationException e) {
        error(field, "is not a valid condition: " + e.getMessage());
        return null;
      }
    }
  }
}
