package io.mercato.core.rules;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangeContext;
import io.mercato.core.campaign.change.ChangePlan;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.StaleChangeException;
import io.mercato.core.campaign.change.UnknownEntityException;
import io.mercato.core.error.MercatoException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluation cycle decides every enabled rule's runs: for each rule that is due (its trigger),
 * each campaign in its scope with statistics, unless the rule is cooling down on it or reached its
 * daily maximum there, the minimum sample and the condition; then, by the rule's mode, the planned
 * changes are applied ({@code auto}, through the one change path), audited as a dry run or a
 * proposal, or stored for approval; webhooks are notified and their outcomes audited; and the run is
 * recorded. Expired approvals are closed at the start of each cycle.
 *
 * <p>Runtime-neutral: the caller brings the campaigns and ads (an {@link AdInventory}), the KPIs
 * ({@link KpiSource}) and the clock, and calls {@link #runCycle} from its one scheduler thread —
 * in a cluster, only while it holds the evaluator lease. After a lease was lost and taken again, call
 * {@link #reset()} so cooldowns and daily counts are reloaded from the run log others wrote.
 *
 * <p>Cost: conditions are planned once per rule version and KPIs built once per campaign and window
 * per cycle; see BENCHMARKS.md (1,000 campaigns × 5 rules). Runs are recorded only when a condition
 * held or a new failure occurred, so the log grows with actions, not with checks.
 */
public final class RuleEvaluator {
  /** How far back the run log is read on start: the longest cooldown plus a day of daily counts. */
  static final Duration MEMORY = RuleCompiler.MAX_COOLDOWN.plusDays(1);

  private final RuleStore rules;
  private final RuleRunLog runs;
  private final CampaignChanges changes;
  private final Approvals approvals;
  private final RuleCompiler compiler;
  private final RuleNotifier notifier;
  private final InstantSource clock;
  private final RuleDecider decider;
  private final Instant startedAt;
  private final Map<RuleRef, CompiledRule> compiled = new HashMap<>();
  private RuleMemory memory;

  /**
   * @param notifier sends webhooks; the evaluator waits for each (retries included), so give it a
   *                 sender with short timeouts
   */
  public RuleEvaluator(
      RuleStore rules,
      RuleRunLog runs,
      CampaignChanges changes,
      Approvals approvals,
      RuleCompiler compiler,
      RuleNotifier notifier,
      InstantSource clock) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.decider = new RuleDecider(changes.planner());
    this.startedAt = clock.instant();
  }

  /** Forgets what was remembered; the next cycle reloads it from the run log. */
  public synchronized void reset() {
    memory = null;
  }

  /** Runs one cycle over {@code inventory} with {@code kpis}. */
  public synchronized CycleReport runCycle(AdInventory inventory, KpiSource kpis) {
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(kpis, "kpis");
    Instant now = clock.instant();
    if (memory == null) {
      memory = RuleMemory.rebuild(runs, now.minus(MEMORY), id -> zone(inventory.campaign(id)));
    }
    Cycle cycle = new Cycle(now, inventory, kpis);
    cycle.expired.addAll(approvals.expireDue());
    for (Rule rule : rules.latestRules()) {
      if (!rule.enabled()) {
        continue;
      }
      CompiledRule r = compile(rule);
      if (r != null && due(r, now)) {
        cycle.rules++;
        evaluate(r, cycle);
      }
    }
    return new CycleReport(
        now,
        cycle.rules,
        cycle.checked,
        cycle.belowSample,
        cycle.coolingDown,
        cycle.atDailyMaximum,
        cycle.recorded,
        cycle.applied,
        cycle.expired);
  }

  private CompiledRule compile(Rule rule) {
    CompiledRule r = compiled.get(rule.ref());
    if (r == null) {
      try {
        r = compiler.compile(rule);
      } catch (RuleValidationException e) {
        return null; // saved under other windows or guardrails; the save path reports it to its
        // author
      }
      compiled.keySet().removeIf(ref -> ref.id().equals(rule.id()));
      compiled.put(rule.ref(), r);
    }
    return r;
  }

  /** Every / cron triggers: whether the rule is due as a whole (on-KPI-change rules always are). */
  private boolean due(CompiledRule r, Instant now) {
    Rule rule = r.rule();
    Instant last = memory.lastCheck(rule.id());
    boolean due;
    if (rule.trigger() instanceof RuleTrigger.Every e) {
      due = last == null || !now.isBefore(last.plus(e.interval()));
    } else if (rule.trigger() instanceof RuleTrigger.Cron) {
      Instant from =
          last != null
              ? last
              : max(startedAt, rule.createdAt() == null ? startedAt : rule.createdAt());
      due = r.cronFires(from, now);
      if (last == null && !due) {
        memory.checked(rule.id(), from);
      }
    } else {
      due = true;
    }
    if (due) {
      memory.checked(rule.id(), now);
    }
    return due;
  }

  private void evaluate(CompiledRule r, Cycle cycle) {
    Rule rule = r.rule();
    Collection<Campaign> candidates =
        rule.scope().campaignIds().isEmpty()
            ? cycle.inventory.campaigns()
            : rule.scope().campaignIds().stream()
                .map(cycle.inventory::campaign)
                .filter(Objects::nonNull)
                .toList();
    for (Campaign original : candidates) {
      Campaign c = cycle.ctx.current(original);
      if (!r.inScope(c, cycle.now)) {
        continue;
      }
      Map<String, Object> vars = cycle.variables(c, rule.window());
      if (vars == null) {
        continue; // no statistics yet
      }
      if (rule.trigger() instanceof RuleTrigger.OnKpiChange k
          && !memory.kpisChanged(
              rule.id(), c.id(), fingerprint(vars), cycle.now, k.minInterval())) {
        continue;
      }
      cycle.checked++;
      long[] sample = KpiVariables.sample(vars);
      if (!rule.minSample().metBy(sample[0], sample[1], sample[2])) {
        cycle.belowSample++;
        continue;
      }
      if (memory.coolUntil(rule, c.id(), cycle.now) != null) {
        cycle.coolingDown++;
        continue;
      }
      if (memory.actionsToday(rule, c.id(), cycle.now, c.timeZone()) >= rule.maxActionsPerDay()) {
        cycle.atDailyMaximum++;
        continue;
      }
      CampaignDecision d =
          decider.decide(
              r,
              Actor.rule(rule.id(), rule.version()),
              c,
              vars,
              cycle.kpis.watermark(),
              cycle.inventory,
              cycle.kpis,
              cycle.ctx,
              false);
      if (!d.error().isEmpty()) {
        if (memory.newFailure(rule.ref(), c.id(), d.error())) {
          cycle.record(run(rule, c, RunOutcome.FAILED, d.error(), d, List.of(), null));
        }
        continue;
      }
      if (d.matched()) {
        act(rule, c, d, cycle);
      } else {
        memory.succeeded(rule.ref(), c.id());
      }
    }
  }

  /** Applies the rule's mode to a matched decision, notifies, and records the run. */
  private void act(Rule rule, Campaign c, CampaignDecision d, Cycle cycle) {
    ChangePlan plan = d.plan();
    RunOutcome outcome;
    List<AuditEntry> audit = List.of();
    Long approvalId = null;
    String detail = String.join("; ", plan.notes());
    if (plan.isEmpty()) {
      // recorded when it is news: a rule held at a limit would otherwise log a run every check
      if (d.notifications().isEmpty()
          && !memory.newFailure(rule.ref(), c.id(), "nothing to change: " + detail)) {
        return;
      }
      outcome = RunOutcome.NOTHING_TO_CHANGE;
    } else {
      memory.succeeded(rule.ref(), c.id());
      try {
        switch (rule.mode()) {
          case AUTO -> {
            Committed done = changes.commit(plan);
            cycle.applied.add(done);
            cycle.ctx.put(done.campaigns(), done.ads());
            audit = done.entries();
            outcome = RunOutcome.APPLIED;
          }
          case DRY_RUN -> {
            audit = changes.record(plan, AuditOutcome.DRY_RUN);
            outcome = RunOutcome.DRY_RUN;
          }
          case NOTIFY_ONLY -> {
            audit = changes.record(plan, AuditOutcome.PROPOSED);
            outcome = RunOutcome.PROPOSED;
          }
          default -> {
            Approvals.Requested req =
                approvals.request(rule.ref(), c.id(), plan, rule.approvalTtl());
            audit = req.audit();
            approvalId = req.approval().id();
            outcome = RunOutcome.APPROVAL_REQUESTED;
          }
        }
      } catch (StaleChangeException | UnknownEntityException e) {
        // another writer changed a value between planning and commit: nothing applied; next check
        // re-plans
        cycle.record(run(rule, c, RunOutcome.FAILED, e.getMessage(), d, List.of(), null));
        return;
      }
    }
    List<Long> ids = new ArrayList<>(audit.stream().map(AuditEntry::id).toList());
    for (RuleAction.Notify n : d.notifications()) {
      try {
        ids.add(notifier.notify(n, rule, c.id(), outcome, d.kpis(), plan.changes(), audit).id());
      } catch (MercatoException e) {
        detail =
            detail
                + (detail.isEmpty() ? "" : "; ")
                + "notification to "
                + n.url()
                + " not audited: "
                + e.getMessage();
      }
    }
    cycle.record(run(rule, c, outcome, detail, d, ids, approvalId));
  }

  private RuleRun run(
      Rule rule,
      Campaign c,
      RunOutcome outcome,
      String detail,
      CampaignDecision d,
      List<Long> audit,
      Long approvalId) {
    RuleRun saved =
        runs.append(
            new RuleRun(
                0,
                rule.ref(),
                c.id(),
                clock.instant(),
                outcome,
                detail,
                d.kpis(),
                audit,
                approvalId));
    memory.record(saved, c.timeZone());
    return saved;
  }

  /** The KPI values that change with events (not with the clock alone). */
  private static Object fingerprint(Map<String, Object> vars) {
    return List.of(
        vars.get("impressions"),
        vars.get("clicks"),
        vars.get("conversions"),
        vars.get("revenue"),
        vars.get("spend"),
        vars.get("participants_total"),
        vars.get("spent_today"),
        vars.get("discount"),
        vars.get("status"));
  }

  private static ZoneId zone(Campaign c) {
    return c == null ? ZoneOffset.UTC : c.timeZone();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * A campaign as it is now and a window. By identity: a changed campaign is another object, and
   * hashing a whole campaign record thousands of times a cycle would cost more than the lookup saves.
   */
  private record VarKey(Campaign campaign, String window) {
    @Override
    public boolean equals(Object o) {
      return o instanceof VarKey k && k.campaign == campaign && k.window.equals(window);
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(campaign) + window.hashCode();
    }
  }

  /** The state of one cycle. */
  private final class Cycle {
    final Instant now;
    final AdInventory inventory;
    final KpiSource kpis;
    final OverlayContext ctx;
    final Map<VarKey, Map<String, Object>> variables = new HashMap<>();
    final List<RuleRun> recorded = new ArrayList<>();
    final List<Committed> applied = new ArrayList<>();
    final List<PendingApproval> expired = new ArrayList<>();
    int rules;
    int checked;
    int belowSample;
    int coolingDown;
    int atDailyMaximum;

    Cycle(Instant now, AdInventory inventory, KpiSource kpis) {
      this.now = now;
      this.inventory = inventory;
      this.kpis = kpis;
      this.ctx = new OverlayContext(ChangeContext.of(inventory, kpis::spent, now));
    }

    /** KPI variables of a campaign and window, built once per cycle (rebuilt when the campaign changed). */
    Map<String, Object> variables(Campaign c, String window) {
      return variables.computeIfAbsent(
          new VarKey(c, window),
          k -> {
            CampaignKpis kp = kpis.kpis(c, window);
            return kp == null ? null : KpiVariables.of(c, kp, now);
          });
    }

    void record(RuleRun run) {
      recorded.add(run);
    }
  }
}
