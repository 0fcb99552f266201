package io.mercato.server;

import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.KpiSnapshot;
import io.mercato.core.rules.CampaignDecision;
import io.mercato.core.rules.PendingApproval;
import io.mercato.core.rules.RuleAction;
import io.mercato.core.rules.RuleConflict;
import io.mercato.core.rules.RuleJson;
import io.mercato.core.rules.RuleRun;
import io.mercato.core.rules.RuleSaveResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the automation API: changes, audit entries, rule runs, approvals, previews and save
 * results, as documented in {@code openapi.json}. Built as ordered maps so the member order is the
 * documented one and entry members sit beside the change's.
 */
final class AutomationViews {
  private AutomationViews() {}

  static Map<String, Object> change(CampaignChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put("kind", c.entity().kind().wireName());
    entity.put("id", c.entity().id());
    m.put("entity", entity);
    m.put("campaign_id", c.campaignId());
    m.put("field", c.field().wireName());
    m.put("before", c.before());
    m.put("after", c.after());
    m.put("actor", actor(c.actor()));
    m.put("reason", c.reason());
    m.put("clamped", c.clamped());
    m.put("clamp_note", c.clampNote());
    m.put("kpis", kpis(c.kpis()));
    m.put("undo_of", c.undoOf());
    return m;
  }

  static Map<String, Object> actor(Actor a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind().wireName());
    m.put("name", a.name());
    m.put(
        "rule",
        a.ruleId() == null
            ? null
            : a.ruleId() + "@" + (a.ruleVersion() == 0 ? "draft" : a.ruleVersion()));
    return m;
  }

  static Map<String, Object> kpis(KpiSnapshot k) {
    if (k == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window", k.window());
    m.put("watermark", time(k.watermark()));
    m.put("values", k.values());
    return m;
  }

  /**
   * An audit entry with {@code undone_by} and {@code undoable} looked up in {@code log} (one query per
   * applied entry).
   */
  static Map<String, Object> entry(AuditEntry e, ChangeLog log) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("batch_id", e.batchId());
    m.put("at", e.at().toString());
    m.put("outcome", e.outcome().wireName());
    m.putAll(change(e.change()));
    Long undoneBy = null;
    boolean applied =
        e.outcome() == AuditOutcome.APPLIED && e.change().field() != ChangeField.NOTIFICATION;
    if (applied && log != null) {
      undoneBy = log.undoneBy(e.id()).map(AuditEntry::id).orElse(null);
    }
    m.put("undone_by", undoneBy);
    m.put("undoable", applied && undoneBy == null);
    return m;
  }

  static List<Map<String, Object>> entries(List<AuditEntry> es, ChangeLog log) {
    return es.stream().map(e -> entry(e, log)).toList();
  }

  static Map<String, Object> run(RuleRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("rule", r.rule().toString());
    m.put("campaign_id", r.campaignId());
    m.put("at", r.at().toString());
    m.put("outcome", r.outcome().wireName());
    m.put("detail", r.detail());
    m.put("kpis", kpis(r.kpis()));
    m.put("audit_ids", r.auditIds());
    m.put("approval_id", r.approvalId());
    return m;
  }

  static Map<String, Object> approval(PendingApproval a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("rule", a.rule().toString());
    m.put("campaign_id", a.campaignId());
    m.put("changes", a.changes().stream().map(AutomationViews::change).toList());
    m.put("created_at", a.createdAt().toString());
    m.put("expires_at", a.expiresAt().toString());
    m.put("status", a.status().wireName());
    m.put("decided_by", a.decidedBy());
    m.put("decided_at", time(a.decidedAt()));
    return m;
  }

  static Map<String, Object> decision(CampaignDecision d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("campaign_id", d.campaignId());
    m.put("sample_met", d.sampleMet());
    m.put("matched", d.matched());
    m.put("error", d.error());
    m.put("kpis", kpis(d.kpis()));
    m.put("changes", d.plan().changes().stream().map(AutomationViews::change).toList());
    m.put("notes", d.plan().notes());
    m.put(
        "notifications",
        d.notifications().stream().map(RuleAction.Notify::url).map(Object::toString).toList());
    return m;
  }

  static Map<String, Object> conflict(RuleConflict c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("other", c.other().toString());
    m.put("field", c.field());
    m.put("campaign_ids", c.campaignIds());
    m.put("message", c.message());
    return m;
  }

  static Map<String, Object> saved(RuleSaveResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", RuleJson.write(r.rule()));
    m.put("conflicts", r.conflicts().stream().map(AutomationViews::conflict).toList());
    m.put("warnings", r.warnings());
    return m;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
