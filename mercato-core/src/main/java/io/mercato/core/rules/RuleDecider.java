package io.mercato.core.rules;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.Adjustment;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeContext;
import io.mercato.core.campaign.change.ChangePlan;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.KpiSnapshot;
import io.mercato.core.campaign.change.Provenance;
import io.mercato.core.error.MercatoException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what one rule does to one campaign from its KPI variables: the minimum sample, the
 * condition, then each action planned through the {@link ChangePlanner} (rule actor: clamped by the
 * guardrails), later actions planned from what earlier ones would leave (the base context itself
 * is left alone: what is planned may never be applied). Shared by the preview and
 * the evaluator, so both decide alike. Stateless.
 */
final class RuleDecider {
  private final ChangePlanner planner;

  RuleDecider(ChangePlanner planner) {
    this.planner = planner;
  }

  /**
   * @param snapshotAlways true to attach what the rule saw to every decision (the preview shows it);
   *                       false to attach it only when the condition held or failed (the evaluator
   *                       records only those, and copying the variables of every check would cost
   *                       more than checking)
   */
  CampaignDecision decide(
      CompiledRule r,
      Actor actor,
      Campaign c,
      Map<String, Object> vars,
      Instant watermark,
      AdInventory inventory,
      KpiSource kpis,
      ChangeContext base,
      boolean snapshotAlways) {
    Rule rule = r.rule();
    KpiSnapshot snapshot =
        snapshotAlways
            ? new KpiSnapshot(rule.window(), watermark, KpiVariables.forAudit(vars))
            : null;
    long[] sample = KpiVariables.sample(vars);
    MinimumSample min = rule.minSample();
    if (!min.metBy(sample[0], sample[1], sample[2])) {
      String why =
          "minimum sample not reached in "
              + rule.window()
              + ": "
              + sample[0]
              + "/"
              + min.impressions()
              + " impressions, "
              + sample[1]
              + "/"
              + min.clicks()
              + " clicks, "
              + sample[2]
              + "/"
              + min.conversions()
              + " conversions";
      return new CampaignDecision(
          actor.name(),
          c.id(),
          snapshot,
          false,
          false,
          "",
          new ChangePlan(List.of(), List.of(why)),
          List.of());
    }
    boolean matched;
    try {
      matched = r.condition(vars);
    } catch (RuleEvaluationException e) {
      snapshot =
          snapshot != null
              ? snapshot
              : new KpiSnapshot(rule.window(), watermark, KpiVariables.forAudit(vars));
      return new CampaignDecision(
          actor.name(),
          c.id(),
          snapshot,
          true,
          false,
          e.getMessage(),
          new ChangePlan(List.of(), List.of()),
          List.of());
    }
    if (!matched) {
      return new CampaignDecision(
          actor.name(),
          c.id(),
          snapshot,
          true,
          false,
          "",
          new ChangePlan(List.of(), List.of("condition does not hold")),
          List.of());
    }
    snapshot =
        snapshot != null
            ? snapshot
            : new KpiSnapshot(rule.window(), watermark, KpiVariables.forAudit(vars));
    OverlayContext ctx =
        new OverlayContext(base); // later actions plan from what earlier ones would leave
    Provenance why =
        new Provenance(
            "rule \""
                + rule.name()
                + "\" ("
                + actor.name()
                + "): "
                + rule.condition()
                + " held over "
                + rule.window(),
            snapshot,
            null);
    List<CampaignChange> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<RuleAction.Notify> notify = new ArrayList<>();
    for (RuleAction a : rule.actions()) {
      if (a instanceof RuleAction.Notify n) {
        notify.add(n);
        continue;
      }
      RuleAction.Change ch = (RuleAction.Change) a;
      for (EntityRef target : targets(r, ch, c, inventory, kpis)) {
        try {
          ChangePlan p = planner.plan(new Adjustment(target, ch.operation()), actor, why, ctx);
          ctx.apply(p.changes());
          changes.addAll(p.changes());
          notes.addAll(p.notes());
        } catch (MercatoException | IllegalArgumentException e) {
          notes.add(ch.wireName() + " on " + target + " not planned: " + e.getMessage());
        }
      }
    }
    return new CampaignDecision(
        actor.name(), c.id(), snapshot, true, true, "", new ChangePlan(changes, notes), notify);
  }

  private static List<EntityRef> targets(
      CompiledRule r, RuleAction.Change ch, Campaign c, AdInventory inventory, KpiSource kpis) {
    if (ch.target() == RuleAction.Target.CAMPAIGN) {
      return List.of(EntityRef.campaign(c.id()));
    }
    List<EntityRef> out = new ArrayList<>();
    for (Ad ad : inventory.adsOf(c.id())) {
      if (r.adInScope(ad, kpis.adCounts(c.id(), ad.id()))) {
        out.add(EntityRef.ad(ad.id()));
      }
    }
    return out;
  }
}
