package io.mercato.server.backend;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.CampaignRepository;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangeContext;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.Undo;
import io.mercato.core.rules.ApprovalStore;
import io.mercato.core.rules.Approvals;
import io.mercato.core.rules.CycleReport;
import io.mercato.core.rules.EvaluatorLease;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.RuleCompiler;
import io.mercato.core.rules.RuleEvaluator;
import io.mercato.core.rules.RuleNotifier;
import io.mercato.core.rules.RulePreview;
import io.mercato.core.rules.RuleRunLog;
import io.mercato.core.rules.RuleService;
import io.mercato.core.rules.RuleStore;
import io.mercato.core.rules.WebhookSender;
import io.mercato.core.time.Windows;
import io.mercato.engine.ads.AdStore;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.JdbcApprovalStore;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.mercato.store.sql.JdbcChangeLog;
import io.mercato.store.sql.JdbcRuleRunLog;
import io.mercato.store.sql.JdbcRuleStore;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Campaign automation of one runtime, assembled from core's parts over the campaign database: the
 * rule store and service, preview, the run log, approvals, the one change path
 * ({@link CampaignChanges}) with its audit log and undo, and the evaluator with its lease. Both
 * runtimes build one the same way; they differ only in where the database, the campaign inventory and
 * the KPIs come from, and in the lease (per process embedded, a PostgreSQL advisory lock in a cluster).
 *
 * <p>The parts are created on first use, since the embedded engine opens its database during
 * recovery: until then every call throws what the suppliers throw (the engine's
 * {@code EngineUnavailableException}, a 503).
 *
 * <p>Every commit goes to the database; the served inventory is brought up to date by
 * {@link #published()} right after, so decisions serve a change as soon as the request that made it
 * returns (other cluster nodes within their refresh period). Thread-safe.
 */
public final class Automation implements AutoCloseable {
  /** The name of the evaluator lease (the advisory lock's key in a cluster). */
  public static final String LEASE_NAME = "mercato-rule-evaluator";

  private final Supplier<Database> db;
  private final Supplier<AdStore> campaigns;
  private final Supplier<KpiSource> kpis;
  private final Windows windows;
  private final Guardrails guardrails;
  private final WebhookSender webhooks;
  private final EvaluatorLease lease;
  private final InstantSource clock;
  private volatile Parts parts;
  private volatile CycleReport lastCycle;

  /**
   * @param db        the campaign database (may throw while the runtime is not ready)
   * @param campaigns the served campaign inventory (reloaded after every commit)
   * @param kpis      the KPIs rules read
   * @param windows   the statistics windows a rule may name
   * @param lease     the evaluator lease; closed with this
   * @param clock     now, wall clock (cooldowns, expiries, audit times)
   */
  public Automation(
      Supplier<Database> db,
      Supplier<AdStore> campaigns,
      Supplier<KpiSource> kpis,
      Windows windows,
      Guardrails guardrails,
      WebhookSender webhooks,
      EvaluatorLease lease,
      InstantSource clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
    this.kpis = Objects.requireNonNull(kpis, "kpis");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
    this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Everything built over one database. */
  private record Parts(
      CampaignRepository repository,
      RuleStore rules,
      RuleRunLog runs,
      ChangeLog log,
      ApprovalStore approvalStore,
      CampaignChanges changes,
      Approvals approvals,
      Undo undo,
      RuleCompiler compiler,
      RuleService service,
      RulePreview preview,
      RuleEvaluator evaluator) {}

  private Parts parts() {
    Parts p = parts;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (parts == null) {
        Database d = db.get();
        JdbcChangeLog log = new JdbcChangeLog(d);
        CampaignChanges changes = new CampaignChanges(new ChangePlanner(guardrails), log, clock);
        JdbcApprovalStore approvalStore = new JdbcApprovalStore(d);
        Approvals approvals = new Approvals(approvalStore, changes, clock);
        RuleCompiler compiler = new RuleCompiler(windows.names(), guardrails);
        JdbcRuleStore rules = new JdbcRuleStore(d);
        JdbcRuleRunLog runs = new JdbcRuleRunLog(d);
        RuleEvaluator evaluator =
            new RuleEvaluator(
                rules,
                runs,
                changes,
                approvals,
                compiler,
                new RuleNotifier(webhooks, log, clock),
                clock);
        parts =
            new Parts(
                new JdbcCampaignRepository(d),
                rules,
                runs,
                log,
                approvalStore,
                changes,
                approvals,
                new Undo(changes),
                compiler,
                new RuleService(compiler, rules, clock),
                new RulePreview(compiler, changes.planner()),
                evaluator);
      }
      return parts;
    }
  }

  public RuleStore rules() {
    return parts().rules();
  }

  public RuleRunLog runs() {
    return parts().runs();
  }

  public ChangeLog log() {
    return parts().log();
  }

  public ApprovalStore approvalStore() {
    return parts().approvalStore();
  }

  public CampaignChanges changes() {
    return parts().changes();
  }

  public Approvals approvals() {
    return parts().approvals();
  }

  public Undo undo() {
    return parts().undo();
  }

  public RuleService service() {
    return parts().service();
  }

  public RulePreview preview() {
    return parts().preview();
  }

  /** The durable definitions (what a person's change is planned from: never behind another node's write). */
  public CampaignRepository repository() {
    return parts().repository();
  }

  /** The served inventory (what rules are evaluated and previewed on). */
  public AdInventory inventory() {
    return campaigns.get().inventory();
  }

  public KpiSource kpis() {
    return kpis.get();
  }

  public InstantSource clock() {
    return clock;
  }

  /** The current values a person's change, an approval or an undo is planned from: the database's. */
  public ChangeContext context() {
    KpiSource k = kpis.get();
    return ChangeContext.of(repository(), k::spent, clock.instant());
  }

  /** Brings the served inventory up to date with the database after a commit. */
  public void published() {
    campaigns.get().reload();
  }

  /** Whether this node held the evaluator lease at its last attempt. */
  public boolean holdsLease() {
    return lease.held();
  }

  /** What the last cycle this node ran did, if it ran one. */
  public Optional<CycleReport> lastCycle() {
    return Optional.ofNullable(lastCycle);
  }

  /**
   * One scheduler tick: takes or confirms the lease and, only while held, runs one evaluation cycle
   * over the served inventory and the live KPIs; a node that (re)gains the lease first reloads the
   * inventory from the database and forgets what it remembered, so the changes, cooldowns and daily
   * counts other nodes wrote are seen.
   *
   * @return the cycle's report, or empty when another node holds the lease
   */
  public Optional<CycleReport> tick() {
    boolean had = lease.held();
    if (!lease.tryAcquire()) {
      return Optional.empty();
    }
    Parts p = parts();
    if (!had) {
      // another node may have acted meanwhile: reload its changes, cooldowns and daily counts
      published();
      p.evaluator().reset();
    }
    CycleReport r = p.evaluator().runCycle(inventory(), kpis.get());
    if (!r.applied().isEmpty() || !r.expired().isEmpty()) {
      published();
    }
    lastCycle = r;
    return Optional.of(r);
  }

  /** Gives up the lease (another node may evaluate at once). */
  @Override
  public void close() {
    lease.close();
  }
}
