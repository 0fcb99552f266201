package io.mercato.bench;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.Segment;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditPage;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.EntityKind;
import io.mercato.core.campaign.change.FieldValues;
import io.mercato.core.campaign.change.StaleChangeException;
import io.mercato.core.rules.ApprovalStatus;
import io.mercato.core.rules.ApprovalStore;
import io.mercato.core.rules.PendingApproval;
import io.mercato.core.rules.Rule;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RuleRunLog;
import io.mercato.core.rules.RuleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * In-memory rule and change ports for the rule evaluation benchmark: it measures the evaluation
 * (scopes, KPI variables, conditions, guardrails, bookkeeping), not a database round trip (the
 * relational stores are exercised by mercato-store's tests). Minimal: what one evaluator thread
 * needs; not thread-safe.
 */
final class RuleBenchPorts implements ChangeLog, AdInventory, RuleStore, RuleRunLog, ApprovalStore {
  private final Map<String, Campaign> campaigns = new TreeMap<>();
  private final Map<String, List<Ad>> ads = new HashMap<>();
  private final Map<String, Ad> adById = new HashMap<>();
  private final Map<String, Rule> rules = new TreeMap<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private final List<RuleRun> runs = new ArrayList<>();

  void put(Campaign c) {
    campaigns.put(c.id(), c);
  }

  void put(Ad a) {
    adById.put(a.id(), a);
    ads.computeIfAbsent(a.campaignId(), k -> new ArrayList<>()).add(a);
  }

  int auditSize() {
    return audit.size();
  }

  // ChangeLog
  @Override
  public Committed commit(List<CampaignChange> changes, Instant at) {
    List<Campaign> cs = new ArrayList<>();
    for (CampaignChange c : changes) {
      if (c.entity().kind() == EntityKind.CAMPAIGN) {
        Campaign k = campaigns.get(c.entity().id());
        String now = FieldValues.read(k, c.field());
        if (!now.equals(c.before())) {
          throw new StaleChangeException(c.entity(), c.field(), c.before(), now);
        }
        Campaign changed = FieldValues.with(k, c.field(), c.after(), at.toEpochMilli());
        campaigns.put(k.id(), changed);
        cs.add(changed);
      }
    }
    return new Committed(record(changes, AuditOutcome.APPLIED, at), cs, List.of());
  }

  @Override
  public List<AuditEntry> record(List<CampaignChange> changes, AuditOutcome outcome, Instant at) {
    List<AuditEntry> out = new ArrayList<>();
    long batch = audit.size() + 1;
    for (CampaignChange c : changes) {
      AuditEntry e = new AuditEntry(audit.size() + 1, batch, at, c, outcome);
      audit.add(e);
      out.add(e);
    }
    return out;
  }

  @Override
  public Optional<AuditEntry> entry(long id) {
    return Optional.empty();
  }

  @Override
  public List<AuditEntry> batch(long batchId) {
    return List.of();
  }

  @Override
  public Optional<AuditEntry> undoneBy(long id) {
    return Optional.empty();
  }

  @Override
  public AuditPage query(AuditQuery query) {
    return new AuditPage(List.of(), null);
  }

  // AdInventory
  @Override
  public Collection<Campaign> campaigns() {
    return campaigns.values();
  }

  @Override
  public Campaign campaign(String id) {
    return campaigns.get(id);
  }

  @Override
  public Ad ad(String id) {
    return adById.get(id);
  }

  @Override
  public List<Ad> adsOf(String campaignId) {
    return ads.getOrDefault(campaignId, List.of());
  }

  @Override
  public List<Ad> adsIn(String placement) {
    return List.of();
  }

  @Override
  public Segment segmentOf(String campaignId) {
    return null;
  }

  // RuleStore
  @Override
  public Rule save(Rule rule, int basedOn) {
    rules.put(rule.id(), rule);
    return rule;
  }

  @Override
  public Optional<Rule> latest(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  @Override
  public Optional<Rule> version(String id, int version) {
    return latest(id);
  }

  @Override
  public List<Rule> versions(String id) {
    return latest(id).stream().toList();
  }

  @Override
  public List<Rule> latestRules() {
    return List.copyOf(rules.values());
  }

  // RuleRunLog
  @Override
  public RuleRun append(RuleRun run) {
    RuleRun r = run.withId(runs.size() + 1);
    runs.add(r);
    return r;
  }

  @Override
  public List<RuleRun> runs(String ruleId, int version, String campaignId, Long before, int limit) {
    return List.of();
  }

  @Override
  public List<RuleRun> since(Instant since) {
    return runs.stream().filter(r -> !r.at().isBefore(since)).toList();
  }

  // ApprovalStore
  @Override
  public PendingApproval create(PendingApproval approval) {
    throw new UnsupportedOperationException("the benchmark's rules do not ask for approval");
  }

  @Override
  public Optional<PendingApproval> get(long id) {
    return Optional.empty();
  }

  @Override
  public List<PendingApproval> list(ApprovalStatus status, int limit) {
    return List.of();
  }

  @Override
  public List<PendingApproval> expiring(Instant now) {
    return List.of();
  }

  @Override
  public boolean transition(
      long id, ApprovalStatus from, ApprovalStatus to, String by, Instant at) {
    return false;
  }
}
