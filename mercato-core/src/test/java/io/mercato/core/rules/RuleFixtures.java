package io.mercato.core.rules;

import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.CampaignTotals;
import io.mercato.core.ads.decide.WindowTotals;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.Operation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** In-memory rule ports and settable KPIs for rule tests. */
final class RuleFixtures {
  static final List<String> WINDOWS = List.of("1m", "10m", "1h", "24h", "7d");

  private RuleFixtures() {}

  /** A rule raising the discount by 5 points up to 30 when 10-minute CVR is below 2% after 100 clicks. */
  static Rule lowCvr(RuleMode mode) {
    return new Rule(
        "low-cvr",
        0,
        "Raise discount on low CVR",
        true,
        RuleScope.campaigns("c1"),
        "10m",
        "cvr < 0.02",
        new MinimumSample(0, 100, 0),
        new RuleTrigger.Every(Duration.ofMinutes(5)),
        Duration.ofMinutes(30),
        3,
        List.of(
            RuleAction.Change.campaign(
                new Operation.ChangeDiscount(
                    Adjust.ADD, new BigDecimal("5"), null, new BigDecimal("30")))),
        mode,
        Duration.ofHours(1),
        null,
        null);
  }

  static Rule with(Rule r, RuleTrigger trigger, Duration cooldown, int maxPerDay) {
    return new Rule(
        r.id(),
        r.version(),
        r.name(),
        r.enabled(),
        r.scope(),
        r.window(),
        r.condition(),
        r.minSample(),
        trigger,
        cooldown,
        maxPerDay,
        r.actions(),
        r.mode(),
        r.approvalTtl(),
        r.createdAt(),
        r.author());
  }

  static Rule with(Rule r, String condition, List<RuleAction> actions, RuleScope scope) {
    return new Rule(
        r.id(),
        r.version(),
        r.name(),
        r.enabled(),
        scope,
        r.window(),
        condition,
        r.minSample(),
        r.trigger(),
        r.cooldown(),
        r.maxActionsPerDay(),
        actions,
        r.mode(),
        r.approvalTtl(),
        r.createdAt(),
        r.author());
  }

  /** KPIs a test sets per campaign: window counts, spend and all-time ad counts. */
  static final class Kpis implements KpiSource {
    final Map<String, long[]> counts = new HashMap<>();
    final Map<String, long[]> ads = new HashMap<>();
    Instant watermark = Instant.parse("2026-11-24T11:59:58Z");
    final InstantSource clock;

    Kpis(InstantSource clock) {
      this.clock = clock;
    }

    Kpis set(String campaignId, long impressions, long clicks, long conversions) {
      counts.put(campaignId, new long[] {impressions, clicks, conversions});
      return this;
    }

    @Override
    public CampaignKpis kpis(Campaign c, String window) {
      long[] k = counts.get(c.id());
      if (k == null) {
        return null;
      }
      long to = clock.millis();
      WindowTotals w =
          new WindowTotals(
              k[0], k[1], k[2], BigDecimal.valueOf(k[2] * 20), BigDecimal.valueOf(k[1]));
      return new CampaignKpis(
          c.id(),
          window,
          to - 600_000,
          to,
          -1,
          1000,
          w,
          k[0] == 0 ? null : (double) k[1] / k[0],
          k[1] == 0 ? null : (double) k[2] / k[1],
          k[2] == 0 ? null : w.spend().divide(BigDecimal.valueOf(k[2]), 6, RoundingMode.HALF_UP),
          Map.of(),
          new CampaignTotals(k[0], k[1], k[2], w.revenue(), w.spend(), BigDecimal.ZERO),
          BigDecimal.TEN,
          c.totalBudget().subtract(w.spend()),
          c.dailyBudget().subtract(BigDecimal.TEN),
          c.runElapsed(clock.instant()),
          List.of(),
          List.of());
    }

    @Override
    public long[] adCounts(String campaignId, String adId) {
      return ads.getOrDefault(adId, new long[2]).clone();
    }

    @Override
    public BigDecimal spent(String campaignId) {
      long[] k = counts.get(campaignId);
      return k == null ? BigDecimal.ZERO : BigDecimal.valueOf(k[1]);
    }

    @Override
    public Instant watermark() {
      return watermark;
    }
  }

  static final class Store implements RuleStore {
    final Map<String, List<Rule>> rules = new TreeMap<>();

    @Override
    public synchronized Rule save(Rule rule, int basedOn) {
      List<Rule> versions = rules.computeIfAbsent(rule.id(), k -> new ArrayList<>());
      if (versions.size() != basedOn) {
        throw new StaleRuleVersionException(rule.id(), basedOn, versions.size());
      }
      versions.add(rule);
      return rule;
    }

    @Override
    public synchronized Optional<Rule> latest(String id) {
      List<Rule> v = rules.get(id);
      return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    @Override
    public synchronized Optional<Rule> version(String id, int version) {
      List<Rule> v = rules.getOrDefault(id, List.of());
      return version < 1 || version > v.size() ? Optional.empty() : Optional.of(v.get(version - 1));
    }

    @Override
    public synchronized List<Rule> versions(String id) {
      return List.copyOf(rules.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized List<Rule> latestRules() {
      return rules.values().stream().map(v -> v.get(v.size() - 1)).toList();
    }
  }

  static final class Runs implements RuleRunLog {
    final List<RuleRun> runs = new ArrayList<>();

    @Override
    public synchronized RuleRun append(RuleRun run) {
      RuleRun r = run.withId(runs.size() + 1);
      runs.add(r);
      return r;
    }

    @Override
    public synchronized List<RuleRun> runs(
        String ruleId, int version, String campaignId, Long before, int limit) {
      List<RuleRun> out = new ArrayList<>();
      for (int i = runs.size() - 1; i >= 0 && out.size() < limit; i--) {
        RuleRun r = runs.get(i);
        if (r.rule().id().equals(ruleId)
            && (version == 0 || r.rule().version() == version)
            && (campaignId == null || campaignId.equals(r.campaignId()))
            && (before == null || r.id() < before)) {
          out.add(r);
        }
      }
      return out;
    }

    @Override
    public synchronized List<RuleRun> since(Instant since) {
      return runs.stream().filter(r -> !r.at().isBefore(since)).toList();
    }
  }

  static final class Approvals implements ApprovalStore {
    final Map<Long, PendingApproval> all = new TreeMap<>();

    @Override
    public synchronized PendingApproval create(PendingApproval a) {
      PendingApproval p = a.withId(all.size() + 1);
      all.put(p.id(), p);
      return p;
    }

    @Override
    public synchronized Optional<PendingApproval> get(long id) {
      return Optional.ofNullable(all.get(id));
    }

    @Override
    public synchronized List<PendingApproval> list(ApprovalStatus status, int limit) {
      return all.values().stream()
          .filter(a -> status == null || a.status() == status)
          .limit(limit)
          .toList();
    }

    @Override
    public synchronized List<PendingApproval> expiring(Instant now) {
      return all.values().stream()
          .filter(a -> a.status() == ApprovalStatus.PENDING && !a.expiresAt().isAfter(now))
          .toList();
    }

    @Override
    public synchronized boolean transition(
        long id, ApprovalStatus from, ApprovalStatus to, String by, Instant at) {
      PendingApproval a = all.get(id);
      if (a == null || a.status() != from) {
        return false;
      }
      all.put(id, a.closed(to, by, at));
      return true;
    }
  }
}
