package io.mercato.core.rules;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.ChangeContext;
import io.mercato.core.campaign.change.ChangePlanner;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * "What would this rule do right now": for a rule that may not be saved yet, every campaign in its
 * scope with the KPIs it would see, whether the minimum sample is reached and the condition holds,
 * and the changes it would plan (clamped as a run would be). Trigger, cooldown and the daily maximum
 * are not applied (they depend on the rule's history), and nothing is changed or audited.
 */
public final class RulePreview {
  private final RuleCompiler compiler;
  private final RuleDecider decider;

  public RulePreview(RuleCompiler compiler, ChangePlanner planner) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.decider = new RuleDecider(Objects.requireNonNull(planner, "planner"));
  }

  /**
   * @throws RuleValidationException when the rule is not valid (the same errors as a save)
   */
  public List<CampaignDecision> preview(
      Rule rule, AdInventory inventory, KpiSource kpis, InstantSource clock) {
    CompiledRule r = compiler.compile(rule);
    Actor actor =
        rule.version() == 0 ? Actor.draft(rule.id()) : Actor.rule(rule.id(), rule.version());
    Instant now = clock.instant();
    OverlayContext ctx = new OverlayContext(ChangeContext.of(inventory, kpis::spent, now));
    List<CampaignDecision> out = new ArrayList<>();
    for (Campaign c : inventory.campaigns()) {
      if (!r.inScope(c, now)) {
        continue;
      }
      CampaignKpis k = kpis.kpis(c, rule.window());
      if (k == null) {
        continue;
      }
      out.add(
          decider.decide(
              r,
              actor,
              c,
              KpiVariables.of(c, k, now),
              kpis.watermark(),
              inventory,
              kpis,
              ctx,
              true));
    }
    return out;
  }
}
