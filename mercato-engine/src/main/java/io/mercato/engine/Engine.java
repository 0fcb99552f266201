package io.mercato.engine;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.CatalogJsonReader;
import io.mercato.core.catalog.CatalogView;
import io.mercato.core.event.CustomTypeRegistry;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventValidator;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.SimilarItem;
import io.mercato.core.reco.Strategy;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.runtime.Scope;
import io.mercato.core.runtime.ScopeStats;
import io.mercato.core.sampling.ConsistentSampler;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.EffectiveTime;
import io.mercato.core.time.Window;
import io.mercato.core.time.Windows;
import io.mercato.core.trending.TopItems;
import io.mercato.engine.EngineStatus.State;
import io.mercato.engine.ads.AdStore;
import io.mercato.engine.catalog.CatalogFailedException;
import io.mercato.engine.deadletter.DeadLetterLog;
import io.mercato.engine.shard.ShardState;
import io.mercato.engine.shard.StateShape;
import io.mercato.engine.snapshot.SnapshotStore;
import io.mercato.store.sql.Database;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded runtime (ARCHITECTURE.md §2): validated events are deduplicated, appended to the
 * journal, applied by single-writer shards partitioned by {@code user_id}, and acknowledged once
 * durable. Periodic snapshots plus the journal tail restore the state after a crash.
 *
 * <p>A composer of named parts: {@link Recovery} builds the runtime from disk on a background thread
 * and returns it as one {@link EngineRuntime}, published once when the engine turns READY; in it the
 * {@link IngestPipeline} (the ingest protocol), {@link StateQueries} (statistics, profiles, trending,
 * samples), {@link EngineRecommendations} (reco reads and ALS), {@link Snapshotter} (snapshots) and
 * {@link AdServing} (ad decisions, which record impressions through an {@link ImpressionSink}).
 * {@link EngineMetrics} holds the meters and {@link Lifecycle} the state every part checks. The
 * engine itself keeps start, status and close, and hands out the parts through the methods below.
 *
 * <p>Ingest protocol, in order: (1) reserve room in every target shard or fail with
 * {@link BackpressureException} having recorded nothing; (2) under the ingest lock, drop duplicates,
 * append each new event to the journal and hand the batch to its shards, so journal order, dedup
 * decisions and per-key apply order agree; (3) outside the lock, wait until the journal says the
 * batch is durable (group commit shares one fsync among concurrent requests). A shard may therefore
 * apply an event a few milliseconds before its fsync completes; if that fsync fails the engine turns
 * FAILED, acknowledges nothing more, and recovery rebuilds state from what is durable.
 *
 * <p>Reads ({@link #countsByType()}) are served by asking every shard on its own thread after all
 * batches queued before the read: a read that starts after {@link #ingest} returned sees that batch
 * (read-your-writes).
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Seconds between recovery progress log lines. */
  static final long PROGRESS_LOG_SECONDS = 5;

  private final EngineConfig config;
  private final InstantSource clock;
  private final DataDirLock lock;
  private final StateShape shape;
  private final EventValidator validator;
  private final EventJsonReader reader;
  private final DeadLetterLog deadLetters;
  private final CatalogJsonReader catalogReader;
  // Shared with the ingest pipeline and snapshots: close takes it so no batch is half-way when
  // CLOSED.
  private final ReentrantLock ingestLock = new ReentrantLock();
  private final CountDownLatch recovered = new CountDownLatch(1);
  private final ScheduledExecutorService scheduler;
  private final RecoveryProgress progress;
  private final Lifecycle lifecycle;
  private final ScheduledFuture<?> progressLog;
  private final AtomicReference<ItemInfo> itemInfo = new AtomicReference<>(ItemInfo.NONE);
  private final Recovery recovery;
  private volatile EngineRuntime runtime; // published once, by the recovery thread, before READY

  private Engine(
      EngineConfig config, InstantSource clock, MeterRegistry meters, AdInventory fixedAds) {
    this.config = config;
    this.clock = clock;
    this.lock = DataDirLock.acquire(config.dataDir());
    CustomTypeRegistry customTypes =
        new CustomTypeRegistry(
            config.limits().maxCustomTypes(), config.limits().declaredCustomTypes());
    this.shape =
        new StateShape(
            config.stats().toWindows(),
            config.stats().toCompositeKeys(),
            config.sampling().reservoirCapacity(),
            42L,
            config.profile());
    this.validator = new EventValidator(config.limits(), clock, Engine::generateId, customTypes);
    this.reader = new EventJsonReader(validator);
    this.deadLetters =
        new DeadLetterLog(
            config.dataDir().resolve("dead-letter"), clock, meters, config.deadLetter());
    this.catalogReader = new CatalogJsonReader(config.limits(), clock);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mercato-engine-scheduler");
              t.setDaemon(true);
              return t;
            });
    EngineMetrics metrics = new EngineMetrics(meters);
    FunctionCounter.builder(
            "mercato.dedup.evictions",
            this,
            e -> e.runtime == null ? 0 : e.runtime.dedup().earlyEvictions())
        .description(
            "Dedup buckets forgotten before the horizon because dedup.max-entries was reached")
        .register(meters);
    this.progress = new RecoveryProgress(clock);
    this.lifecycle = new Lifecycle(progress);
    Gauge.builder("mercato.engine.ready", lifecycle, l -> l.state() == State.READY ? 1 : 0)
        .description("1 when the engine serves requests")
        .register(meters);
    RecoveryMetrics.register(meters, progress);
    EffectiveTime effectiveTime = config.stats().toEffectiveTime();
    this.recovery =
        new Recovery(
            new Recovery.Context(
                config,
                clock,
                meters,
                shape,
                customTypes,
                new ConsistentSampler(config.sampling().rateMap()),
                effectiveTime,
                new SegmentCompiler(config.ads().maxSegmentCost()),
                new SnapshotStore(config.dataDir().resolve("snapshots"), config.snapshot().keep()),
                lifecycle,
                progress,
                metrics,
                ingestLock,
                scheduler),
            fixedAds,
            itemInfo);
    // Every few seconds while recovering, so a long recovery says how far it is and how long it has
    // left.
    this.progressLog =
        scheduler.scheduleAtFixedRate(
            () -> LOG.info("recovery: {}", progress.status().describe()),
            PROGRESS_LOG_SECONDS,
            PROGRESS_LOG_SECONDS,
            TimeUnit.SECONDS);
  }

  /**
   * Creates the engine and starts recovery in the background; {@link #status()} is RECOVERING until
   * the snapshot is loaded and the journal tail replayed, then READY (or FAILED with a reason).
   *
   * @throws EngineUnavailableException when another engine holds the data directory
   */
  public static Engine start(EngineConfig config, InstantSource clock, MeterRegistry meters) {
    return start(config, clock, meters, null);
  }

  /**
   * As {@link #start(EngineConfig, InstantSource, MeterRegistry)}, deciding from a fixed inventory
   * instead of the campaign store's (tests and tools): replaying the journal charges clicks at the
   * bids of these ads, so it must be known before recovery.
   *
   * @param ads the inventory to decide from, or null (the default) to follow the campaign store of
   *            {@link #campaigns()}, whose every change decisions see at once
   */
  public static Engine start(
      EngineConfig config, InstantSource clock, MeterRegistry meters, AdInventory ads) {
    Objects.requireNonNull(config, "config");
    Engine engine =
        new Engine(
            config,
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(meters, "meters"),
            ads);
    Thread t = new Thread(engine::recover, "mercato-recovery");
    t.setDaemon(true);
    t.start();
    return engine;
  }

  private static String generateId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID(
            r.nextLong() & ~0xF000L | 0x4000L,
            r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L)
        .toString();
  }

  /** Runs recovery, publishes its runtime and turns READY; or turns FAILED with the reason. */
  private void recover() {
    try {
      EngineRuntime rt = recovery.run();
      ingestLock.lock();
      try {
        this.runtime = rt;
      } finally {
        ingestLock.unlock();
      }
      progress.done();
      lifecycle.ready();
      long every = config.snapshot().interval().toMillis();
      scheduler.scheduleWithFixedDelay(
          rt.snapshots()::periodic, every, every, TimeUnit.MILLISECONDS);
      long alsEvery = config.als().trainInterval().toMillis();
      if (alsEvery > 0) {
        scheduler.scheduleWithFixedDelay(
            rt.recommendations()::periodicAlsTraining, alsEvery, alsEvery, TimeUnit.MILLISECONDS);
      }
      rt.snapshots().snapshotIfLong();
    } catch (RuntimeException e) {
      LOG.error("engine recovery failed", e);
      progress.failed();
      lifecycle.fail("recovery failed: " + e.getMessage());
    } finally {
      recovered.countDown();
      progressLog.cancel(false);
    }
  }

  /** The published runtime; only called after {@link Lifecycle#requireReady}. */
  private EngineRuntime rt() {
    lifecycle.requireReady();
    return runtime;
  }

  /**
   * Campaign and ad definitions: validation, write-through writes and the current inventory (see
   * {@link AdStore}), durable in the database of {@link EngineConfig#db()}. Decisions ({@link #ads()})
   * follow its inventory unless the engine was started with a fixed one.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public AdStore campaigns() {
    return rt().adStore();
  }

  /**
   * The campaign database behind {@link #campaigns()}, for the other relational stores that live in it
   * (automation rules, their runs and approvals, the audit log). Closed when the engine closes.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public Database campaignDatabase() {
    return rt().campaignDb();
  }

  /**
   * What a segment condition sees of {@code userId} now: the profile evaluated at
   * {@link #streamTime()} and the purchased items, read on the user's shard after every event
   * acknowledged before the call (read-your-writes). A user without events gets an empty profile.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public SegmentInput segmentInput(String userId) {
    return rt().queries().segmentInput(userId);
  }

  /** Waits until recovery finished; true if the engine is READY. */
  public boolean awaitReady(Duration timeout) {
    try {
      recovered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return lifecycle.state() == State.READY;
  }

  /** The reader that decodes and validates request bodies with this engine's limits. */
  public EventJsonReader reader() {
    return reader;
  }

  /** The validator for drafts built from other formats (CSV replay). */
  public EventValidator validator() {
    return validator;
  }

  public DeadLetterLog deadLetters() {
    return deadLetters;
  }

  public EngineConfig config() {
    return config;
  }

  /**
   * Records valid events; returns once they are durable per the journal's fsync policy.
   *
   * @throws BackpressureException when shard queues cannot take the batch (nothing was recorded)
   * @throws EngineUnavailableException when recovering, closed or failed
   * @throws io.mercato.core.text.InvalidUnicodeException when an event holds a string UTF-8 cannot
   *     carry, which validation refuses (nothing was recorded)
   */
  public IngestResult ingest(List<Event> events) {
    return rt().ingest().ingest(events, true);
  }

  /** All-time event counts per type, consistent with every {@link #ingest} that has returned. */
  public Map<String, Long> countsByType() {
    return rt().queries().countsByType();
  }

  /** The statistics windows. */
  public Windows windows() {
    return shape.windows();
  }

  /** The configured composite scopes. */
  public List<CompositeKey> compositeKeys() {
    return shape.composites();
  }

  /**
   * The event time ingestion judges lateness against (the too-late rule of {@link Windows#tooLate}):
   * the newest accepted event time, or {@link Long#MIN_VALUE} before any event.
   */
  public long newestEventTime() {
    EngineRuntime r = runtime;
    return r == null ? Long.MIN_VALUE : r.queries().newestMillis();
  }

  /** The data directory this engine holds (locked: no other engine uses it). */
  public Path dataDir() {
    return config.dataDir();
  }

  /** The clock this engine reads "now" from (arrival times, the future-timestamp limit). */
  public InstantSource clock() {
    return clock;
  }

  /**
   * The time windows are evaluated at: the newest effective time of an accepted event (event time
   * drives windows, so replayed history gives meaningful windows; an event counts no later than
   * {@code stats.max-lead} after its arrival, see {@link EffectiveTime}), or the clock before any event.
   */
  public long streamTime() {
    EngineRuntime r = runtime;
    return r == null ? clock.millis() : r.queries().streamTime();
  }

  /**
   * Statistics of one scope key ({@code key} ignored for GLOBAL), merged over the shards, consistent
   * with every ingest that has returned. Empty when no event of the key is retained.
   */
  public Optional<ScopeStats> scopeStats(Scope scope, String key) {
    return rt().queries().scopeStats(scope, key);
  }

  /**
   * The profile of {@code userId} evaluated at {@link #streamTime()}, read on the user's shard after
   * every event acknowledged before the call (read-your-writes). Empty for an unknown user.
   */
  public Optional<ProfileView> profile(String userId) {
    return rt().queries().profile(userId);
  }

  /**
   * Windowed counts of a composite scope key such as {@code spring-sale|sports}.
   *
   * @throws io.mercato.core.error.ValidationException on field {@code scope} for an unknown composite
   */
  public Optional<WindowedCounts> compositeCounts(String composite, String key) {
    return rt().queries().compositeCounts(composite, key);
  }

  /** Every scope name accepted by the stats API: the single-field scopes and the composites. */
  public List<String> scopeNames() {
    return StateQueries.scopeNames(shape);
  }

  /**
   * The {@code n} items with the most trending events (view, click, add_to_cart, purchase) in window
   * {@code w} at {@code nowMillis}, global ({@code categoryOrNull} null) or in a category, by their
   * exact windowed counts, consistent with every ingest that has returned. Exact: the trending
   * sketch's candidates are counted exactly in the item states, and when they cannot prove the answer
   * (a long tail, where the sketch's error exceeds the n-th count) every item state is scanned,
   * O(items with events in the window). Not exact only for category counts the item states cannot
   * tell (see {@link io.mercato.core.agg.KeyState#categoryCount}).
   */
  public TopItems topItems(String categoryOrNull, Window w, long nowMillis, int n) {
    return rt().queries().topItems(categoryOrNull, w, nowMillis, n);
  }

  /**
   * A uniform sample of up to {@code n} recent events of window {@code w} (optionally of one type),
   * drawn from every shard in proportion to its share of the window's events.
   */
  public List<Event> sample(Window w, int n, String typeOrNull) {
    return rt().queries().sample(w, n, typeOrNull);
  }

  /**
   * The serialized state of every shard, consistent with every ingest that returned; without the
   * inspection reservoir when {@code deterministic} (see {@link ShardState#writeDeterministicTo}).
   * For conformance tests and diagnostics.
   */
  public List<byte[]> stateBytes(boolean deterministic) {
    return rt().queries().stateBytes(deterministic);
  }

  /**
   * The item catalog, read-only: every {@link #putItems} that returned, durable across restarts. Items
   * seen only in events have no entry (available, no catalog category); see {@link CatalogView}.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public CatalogView catalog() {
    return rt().catalog().view();
  }

  /** The reader that decodes and validates catalog items with this engine's limits and clock. */
  public CatalogJsonReader catalogReader() {
    return catalogReader;
  }

  /**
   * Stores catalog items, all or nothing: returns once the batch is durable (one fsynced record of
   * {@code <data-dir>/catalog/changes.log}) and visible through {@link #catalog()}. Items are applied in
   * order; a later item of the same id replaces an earlier one. Writers are serialised.
   *
   * @throws EngineUnavailableException when recovering, closed or failed, or when the catalog cannot
   *                                    write (then nothing of the batch is acknowledged)
   */
  public void putItems(List<CatalogItem> items) {
    Objects.requireNonNull(items, "items");
    EngineRuntime r = rt();
    try {
      r.catalog().put(items);
    } catch (CatalogFailedException e) {
      throw new EngineUnavailableException(
          "the catalog could not store the items: " + e.getMessage(), e);
    }
  }

  /**
   * Top-n recommendations for a user (see {@link RecommendationService#recommend}). Read-your-writes:
   * waits, at most {@value EngineRecommendations#RECO_WAIT_MS} ms, until every interaction acknowledged
   * before the call is applied to the recommendation state.
   *
   * @throws EngineUnavailableException when not READY
   */
  public RecoResult recommend(String userId, Strategy strategy, RecoRequest request) {
    return rt().recommendations().recommend(userId, strategy, request);
  }

  /** Re-ranks {@code items} for a user (see {@link RecommendationService#rank}); read-your-writes as above. */
  public RecoResult rank(String userId, List<String> items, Strategy strategy, boolean explain) {
    return rt().recommendations().rank(userId, items, strategy, explain);
  }

  /** Item-CF neighbours of an item, or empty when the item has no interactions. */
  public List<SimilarItem> similarItems(String itemId, int n) {
    return rt().recommendations().similarItems(itemId, n);
  }

  /** Whether the recommenders have seen interactions of this item. */
  public boolean knowsItem(String itemId) {
    return rt().recommendations().knowsItem(itemId);
  }

  /** The live recommendation state (read-only use; the engine's writer thread mutates it). */
  public RecoState recoState() {
    return rt().recommendations().state();
  }

  /**
   * Trains iALS now from the events retained in the journal, in the background; joins a run already
   * in progress. The future completes when the new model serves, or exceptionally with the reason.
   */
  public CompletableFuture<AlsStatus> trainAls() {
    return rt().recommendations().trainAls();
  }

  /** Where iALS training stands. */
  public AlsStatus alsStatus() {
    return rt().recommendations().alsStatus();
  }

  /** Ad decisions, their ledger and campaign KPIs. */
  public AdServing ads() {
    return rt().ads();
  }

  /** Where recommendations look up availability and categories (the catalog). */
  public void setItemInfo(ItemInfo info) {
    itemInfo.set(Objects.requireNonNull(info, "info"));
  }

  /**
   * Takes a snapshot now and deletes journal segments it covers (subject to retention). Blocks until
   * the snapshot file is durable.
   *
   * @return the journal sequence the snapshot covers
   */
  public long snapshot() {
    return rt().snapshots().snapshot();
  }

  public EngineStatus status() {
    EngineRuntime r = runtime;
    State st = lifecycle.state();
    RecoveryStatus recovery = progress.status();
    return new EngineStatus(
        st,
        lifecycle.detail(),
        config.effectiveShards(),
        r == null ? 0 : r.queued(),
        r == null ? 0 : r.journal().lastSequence(),
        r == null ? 0 : r.journal().durableSequence(),
        r == null ? 0 : r.snapshots().lastSequence(),
        r == null ? 0 : r.recoveredFromSnapshot(),
        r == null ? 0 : r.replayedEvents(),
        recovery);
  }

  /** Shard index of a user: stable across restarts for a given shard count. */
  static int shardOf(String userId, int shards) {
    return Math.floorMod(userId.hashCode() * 0x9E3779B9, shards);
  }

  /**
   * Stops accepting events, writes a final snapshot, stops the shards and closes the journal.
   * Idempotent.
   */
  @Override
  public void close() {
    awaitReady(Duration.ofMinutes(10));
    boolean wasReady;
    ingestLock.lock();
    try {
      if (lifecycle.state() == State.CLOSED) {
        return;
      }
      wasReady = lifecycle.state() == State.READY;
    } finally {
      ingestLock.unlock();
    }
    scheduler.shutdownNow();
    EngineRuntime r = runtime;
    if (wasReady) {
      try {
        r.snapshots().snapshot();
      } catch (RuntimeException e) {
        LOG.error("final snapshot failed; the journal still has every acknowledged event", e);
      }
    }
    ingestLock.lock();
    try {
      lifecycle.close();
    } finally {
      ingestLock.unlock();
    }
    if (r != null) {
      r.close();
    }
    lock.close();
  }
}
