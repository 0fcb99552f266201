package io.mercato.core.rules;

import io.mercato.core.ads.Campaign;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Saving rules: each save validates the whole rule ({@link RuleCompiler}: refused with every broken
 * field, CEL errors with their position, guardrails the rule's own limits break), stores it as the
 * next version (an edit must be based on the latest version), and reports conflicts with the other
 * enabled rules and other warnings. Conflicts do not refuse the save: opposite rules with a gap
 * between their thresholds are a legitimate design (raise the discount below 1% CVR, lower it
 * above 3%); the author is told and decides. Thread-safe.
 */
public final class RuleService {
  private static final Pattern RATES = Pattern.compile("\\b(ctr|cvr|cpa)\\b");

  private final RuleCompiler compiler;
  private final RuleStore store;
  private final InstantSource clock;

  public RuleService(RuleCompiler compiler, RuleStore store, InstantSource clock) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Saves {@code draft} as the next version of its rule.
   *
   * @param basedOn   the version the edit started from; 0 to create a new rule
   * @param author    who saves it (recorded on the version)
   * @param campaigns the current campaigns, to resolve scopes for conflict detection
   * @throws RuleValidationException   when it is not a valid rule (nothing saved)
   * @throws StaleRuleVersionException when {@code basedOn} is not the latest version (nothing saved)
   */
  public RuleSaveResult save(
      Rule draft, int basedOn, String author, Collection<Campaign> campaigns) {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(author, "author");
    Instant now = clock.instant();
    Rule version = draft.saved(basedOn + 1, now, author);
    CompiledRule compiled = compiler.compile(version);
    List<RuleConflict> conflicts = List.of();
    if (version.enabled()) {
      List<CompiledRule> others = new ArrayList<>();
      for (Rule r : store.latestRules()) {
        if (r.enabled() && !r.id().equals(version.id())) {
          others.add(compiler.compile(r));
        }
      }
      conflicts = ConflictDetector.conflicts(compiled, others, campaigns, now);
    }
    Rule saved = store.save(version, basedOn);
    return new RuleSaveResult(saved, conflicts, warnings(version));
  }

  /** Enables or disables rule {@code id} by saving its latest version again with the flag changed. */
  public RuleSaveResult setEnabled(
      String id, boolean enabled, int basedOn, String author, Collection<Campaign> campaigns) {
    Rule latest = store.latest(id).orElseThrow(() -> new UnknownRuleException(id));
    return save(latest.withEnabled(enabled), basedOn, author, campaigns);
  }

  /** Validates a rule without saving it. */
  public CompiledRule validate(Rule draft) {
    return compiler.compile(
        draft.version() == 0 ? draft.saved(1, clock.instant(), "draft") : draft);
  }

  private static List<String> warnings(Rule r) {
    List<String> w = new ArrayList<>();
    if (r.minSample().isNone() && RATES.matcher(r.condition()).find()) {
      w.add(
          "the condition reads a rate (ctr, cvr or cpa) but min_sample requires nothing: the rule may act on "
              + "noise; require e.g. 100 clicks");
    }
    if (r.mode() == RuleMode.AUTO && r.cooldown().isZero()) {
      w.add(
          "mode auto without a cooldown: the rule may act on a campaign at every check until "
              + "max_actions_per_day ("
              + r.maxActionsPerDay()
              + ") is reached");
    }
    return w;
  }
}
