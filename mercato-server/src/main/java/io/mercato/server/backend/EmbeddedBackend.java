package io.mercato.server.backend;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.decide.CampaignKpis;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.ads.decide.Eligibility;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.catalog.CatalogView;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.Rejection;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.quality.DataQuality;
import io.mercato.core.quality.QualityConfig;
import io.mercato.core.rules.HttpWebhookSender;
import io.mercato.core.rules.KpiSource;
import io.mercato.core.rules.LocalEvaluatorLease;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.runtime.Scope;
import io.mercato.core.runtime.ScopeStats;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineStatus;
import io.mercato.engine.RecoveryStatus;
import io.mercato.engine.ads.AdStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link Backend} over the embedded {@link Engine}: a thin adapter, every call is one engine call. */
final class EmbeddedBackend implements Backend, EventIngest, StateReads {
  private final Engine engine;
  private final DataQuality quality;
  private final AccountedIngest ingestion;
  private final Automation automation;

  EmbeddedBackend(Engine engine, QualityConfig qualityConfig) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.quality =
        new DataQuality(qualityConfig, engine.windows(), engine.clock(), this::catalogOrNull, true);
    this.ingestion = new AccountedIngest(this, quality, engine::windows, engine::newestEventTime);
    // one evaluator per engine: the lease is named after the data directory, which one engine locks
    this.automation =
        new Automation(
            engine::campaignDatabase,
            engine::campaigns,
            () -> ads().ruleKpis(),
            engine.windows(),
            Guardrails.defaults(),
            HttpWebhookSender.defaults(),
            new LocalEvaluatorLease("embedded:" + engine.dataDir().toAbsolutePath().normalize()),
            engine.clock());
  }

  @Override
  public Optional<Automation> automation() {
    return Optional.of(automation);
  }

  /** The catalog once the engine has opened it; null before (unknown items are then not checked). */
  private CatalogView catalogOrNull() {
    try {
      return engine.catalog();
    } catch (EngineUnavailableException e) {
      return null;
    }
  }

  @Override
  public AccountedIngest ingestion() {
    return ingestion;
  }

  @Override
  public DataQuality quality() {
    return quality;
  }

  @Override
  public String mode() {
    return "embedded";
  }

  @Override
  public NodeStatus status() {
    EngineStatus s = engine.status();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", s.state().name());
    m.put("shards", s.shards());
    m.put("queued", s.queued());
    m.put("last_sequence", s.lastSequence());
    m.put("durable_sequence", s.durableSequence());
    m.put("snapshot_sequence", s.snapshotSequence());
    m.put("recovered_from_snapshot", s.recoveredFromSnapshot());
    m.put("replayed_events", s.replayedEvents());
    m.put("recovery", recovery(s.recovery()));
    return new NodeStatus(
        s.ready(),
        s.state().name(),
        s.ready() ? null : describe(s),
        m,
        Map.of("recovery", recovery(s.recovery())));
  }

  /** The {@code recovery} member of {@code /ready}, both answers: where recovery stands, or how it went. */
  static Map<String, Object> recovery(RecoveryStatus r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", r.phase().code());
    m.put("replayed_records", r.replayed());
    m.put("total_records", r.toReplay());
    m.put("percent", Math.floor(1000 * r.replayFraction()) / 10);
    m.put("records_per_second", Math.round(r.recordsPerSecond()));
    m.put("eta_seconds", r.etaSeconds() == null ? null : Math.ceil(r.etaSeconds()));
    m.put("elapsed_seconds", Math.round(r.elapsedSeconds() * 10) / 10.0);
    m.put("snapshot_sequence", r.snapshotSequence());
    m.put("snapshot_bytes", r.snapshotBytes());
    m.put("snapshot_parts_loaded", r.snapshotPartsLoaded());
    m.put("snapshot_parts", r.snapshotParts());
    m.put("summary", r.describe());
    return m;
  }

  /** "engine is recovering: replaying the journal", for clients and logs. */
  static String describe(EngineStatus status) {
    return "engine is "
        + status.state().name().toLowerCase(Locale.ROOT)
        + (status.detail() == null ? "" : ": " + status.detail());
  }

  @Override
  public Optional<String> writeRefusal() {
    EngineStatus s = engine.status();
    return s.ready() ? Optional.empty() : Optional.of(describe(s));
  }

  @Override
  public EventIngest events() {
    return this;
  }

  @Override
  public StateReads reads() {
    return this;
  }

  @Override
  public AdStore campaigns() {
    return engine.campaigns();
  }

  @Override
  public AdDecisions ads() {
    return new AdDecisions() {
      @Override
      public AdInventory inventory() {
        return engine.ads().inventory();
      }

      @Override
      public Windows windows() {
        return engine.windows();
      }

      @Override
      public Decision decide(String userId, String placement, int n, boolean explore) {
        return engine.ads().decide(userId, placement, n, explore);
      }

      @Override
      public Eligibility check(String userId, String adId) {
        return engine.ads().check(userId, adId);
      }

      @Override
      public CampaignKpis kpis(Campaign c, Window window) {
        return engine.ads().kpis(c, window);
      }

      @Override
      public KpiSource ruleKpis() {
        return engine
            .ads()
            .ruleKpis(
                engine.windows(),
                () -> {
                  long t = engine.newestEventTime();
                  return t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t);
                });
      }
    };
  }

  @Override
  public Optional<Engine> engine() {
    return Optional.of(engine);
  }

  @Override
  public EventJsonReader reader() {
    return engine.reader();
  }

  @Override
  public IngestResult ingest(List<Event> events) {
    return engine.ingest(events);
  }

  @Override
  public void deadLetter(String source, List<Rejection> rejected) {
    engine.deadLetters().record(source, rejected);
  }

  @Override
  public Windows windows() {
    return engine.windows();
  }

  @Override
  public List<String> scopeNames() {
    return engine.scopeNames();
  }

  @Override
  public double ratePriorStrength() {
    return engine.config().stats().ratePriorStrength();
  }

  @Override
  public Optional<ScopeRead> scope(
      Scope single, String composite, String key, boolean withTrending) {
    WindowedCounts counts;
    WindowedCounts global;
    WindowedDistinct distinct = null;
    ValueQuantiles values = null;
    if (single == null) {
      Optional<WindowedCounts> c = engine.compositeCounts(composite, key);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      counts = c.get();
      // The prior of a composite's rates is the global rate, as for every other scope.
      global = engine.scopeStats(Scope.GLOBAL, null).orElseThrow().global();
    } else {
      Optional<ScopeStats> s = engine.scopeStats(single, key);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      counts = s.get().counts();
      global = s.get().global();
      distinct = s.get().distinct();
      values = s.get().values();
    }
    Map<String, Long> allTime = single == Scope.GLOBAL ? engine.countsByType() : null;
    // Read after the state: every event the state holds is at or before now.
    long now = engine.streamTime();
    return Optional.of(
        new ScopeRead(
            counts,
            global,
            distinct,
            values,
            allTime,
            withTrending ? trendingAt(key, now) : null,
            now));
  }

  @Override
  public Trending trending(String categoryOrNull) {
    long now = engine.streamTime();
    return new Trending(trendingAt(categoryOrNull, now), now);
  }

  private TrendingItems trendingAt(String categoryOrNull, long now) {
    return (w, n) -> engine.topItems(categoryOrNull, w, now, n);
  }

  @Override
  public Optional<ProfileView> profile(String userId) {
    return engine.profile(userId);
  }

  @Override
  public SegmentInput segmentInput(String userId) {
    return engine.segmentInput(userId);
  }
}
