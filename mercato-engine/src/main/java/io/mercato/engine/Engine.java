package io.mercato.engine;

import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.decide.AdLedger;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.agg.EventTypeCounts;
import io.mercato.core.catalog.CatalogItem;
import io.mercato.core.catalog.CatalogJsonReader;
import io.mercato.core.catalog.CatalogView;
import io.mercato.core.event.CustomTypeRegistry;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventJsonReader;
import io.mercato.core.event.EventValidator;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.SimilarItem;
import io.mercato.core.reco.Strategy;
import io.mercato.core.sampling.ConsistentSampler;
import io.mercato.core.time.EffectiveTime;
import io.mercato.core.trending.TopItems;
import io.mercato.core.trending.TrendingCandidates;
import io.mercato.core.trending.TrendingCounts;
import io.mercato.core.trending.TrendingRanker;
import io.mercato.engine.shard.TrendingScan;
import io.mercato.core.time.Windows;
import io.mercato.engine.shard.Scope;
import io.mercato.engine.shard.StateShape;
import io.mercato.core.sampling.EventReservoir;
import io.mercato.core.sketch.ValueQuantiles;
import io.mercato.core.sketch.WindowedDistinct;
import io.mercato.core.sketch.WindowedTopItems;
import io.mercato.core.stats.CompositeKey;
import io.mercato.core.stats.WindowedCounts;
import io.mercato.core.time.Window;
import java.util.Optional;
import java.util.function.Function;
import io.mercato.engine.EngineStatus.State;
import io.mercato.engine.catalog.CatalogFailedException;
import io.mercato.engine.catalog.CatalogStore;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.engine.ads.AdStore;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.mercato.engine.deadletter.DeadLetterLog;
import io.mercato.core.dedup.DedupIndex;
import io.mercato.engine.journal.Journal;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import io.mercato.engine.snapshot.Snapshot;
import io.mercato.engine.snapshot.SnapshotStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded runtime (ARCHITECTURE.md §2): validated events are deduplicated, appended to the
 * journal, applied by single-writer shards partitioned by {@code user_id}, and acknowledged once
 * durable. Periodic snapshots plus the journal tail restore the state after a crash.
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
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final EngineConfig config;
  private final InstantSource clock;
  private final MeterRegistry meters;
  private final DataDirLock lock;
  private final CustomTypeRegistry customTypes;
  private final StateShape shape;
  private final ConsistentSampler sampler;
  private final Counter sampledCounter;
  private final Counter tooLateCounter;
  private final Counter skewedCounter;
  private final EffectiveTime effectiveTime;
  private final EventValidator validator;
  private final EventJsonReader reader;
  private final DeadLetterLog deadLetters;
  private final SnapshotStore snapshots;
  private final CatalogJsonReader catalogReader;
  private final ReentrantLock ingestLock = new ReentrantLock();
  private final ReentrantLock snapshotLock = new ReentrantLock();
  private final CountDownLatch recovered = new CountDownLatch(1);
  private final ScheduledExecutorService scheduler;
  private final Counter acceptedCounter;
  private final Counter duplicateCounter;
  private final Counter backpressureCounter;
  private final Timer durableWait;
  private final Timer appendTimer;
  private final Timer fsyncTimer;
  private final Timer snapshotTimer;
  private final Timer snapshotIngestPause;

  private volatile State state = State.RECOVERING;
  private volatile String detail = "recovering: loading snapshot and replaying the journal";
  private volatile Journal journal;
  private volatile Shard<ShardState>[] shards;
  private volatile DedupIndex dedup; // mutated under ingestLock
  private volatile Shard<RecoState> recoShard;
  private volatile RecommendationService recommendations;
  private volatile long recoSubmitted; // journal sequence of the last batch handed to recoShard
  private final java.util.concurrent.atomic.AtomicReference<Recommender> als =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile ItemInfo itemInfo = ItemInfo.NONE;
  private volatile AlsTraining alsTraining;
  private volatile AdServing adServing;
  private volatile io.mercato.core.ads.AdInventory initialAds; // set by start, used by recovery
  private volatile CatalogStore catalogStore; // opened by recovery
  private final SegmentCompiler segmentCompiler;
  private volatile AdStore adStore; // opened by recovery
  private volatile Database campaignDb; // opened by recovery, closed with the ad store
  private volatile long newestMillis = Long.MIN_VALUE; // written under ingestLock
  private volatile long snapshotSequence;
  private volatile long recoveredFromSnapshot;
  private volatile long replayedEvents;
  private final RecoveryProgress progress;
  private final java.util.concurrent.ScheduledFuture<?> progressLog;
  private final java.util.concurrent.atomic.AtomicBoolean snapshotRequested =
      new java.util.concurrent.atomic.AtomicBoolean();
  // Journal growth since the last snapshot (SnapshotConfig's length trigger); guarded by ingestLock.
  private long recordsSinceSnapshot;
  private long bytesSinceSnapshot;

  private Engine(EngineConfig config, InstantSource clock, MeterRegistry meters) {
    this.config = config;
    this.clock = clock;
    this.meters = meters;
    this.lock = DataDirLock.acquire(config.dataDir());
    this.customTypes = new CustomTypeRegistry(config.limits().maxCustomTypes(),
        config.limits().declaredCustomTypes());
    this.shape = new StateShape(config.stats().toWindows(), config.stats().toCompositeKeys(),
        config.sampling().reservoirCapacity(), 42L, config.profile());
    this.sampler = new ConsistentSampler(config.sampling().rateMap());
    this.effectiveTime = config.stats().toEffectiveTime();
    this.validator = new EventValidator(config.limits(), clock, Engine::generateId, customTypes);
    this.reader = new EventJsonReader(validator);
    this.deadLetters = new DeadLetterLog(config.dataDir().resolve("dead-letter"), clock, meters, config.deadLetter());
    this.segmentCompiler = new SegmentCompiler(config.ads().maxSegmentCost());
    this.snapshots = new SnapshotStore(config.dataDir().resolve("snapshots"), config.snapshot().keep());
    this.catalogReader = new CatalogJsonReader(config.limits(), clock);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mercato-engine-scheduler");
      t.setDaemon(true);
      return t;
    });
    this.acceptedCounter = Counter.builder("mercato.events.accepted")
        .description("Events accepted and journaled").register(meters);
    this.duplicateCounter = Counter.builder("mercato.events.duplicates")
        .description("Events dropped as duplicates of an event_id within the dedup horizon").register(meters);
    this.sampledCounter = Counter.builder("mercato.events.sampled")
        .description("Events acknowledged but not stored because of ingestion sampling").register(meters);
    this.tooLateCounter = Counter.builder("mercato.events.too.late")
        .description("Events rejected because they are older than the longest window plus the allowed lateness")
        .register(meters);
    this.skewedCounter = Counter.builder("mercato.events.clock.skewed")
        .description("Valid events received with a timestamp more than stats.max-lead ahead of their arrival; "
            + "they count at arrival + max-lead")
        .register(meters);
    this.backpressureCounter = Counter.builder("mercato.ingest.backpressure")
        .description("Batches refused because shard queues were full").register(meters);
    this.durableWait = Timer.builder("mercato.journal.durable.wait")
        .description("Time an ingest waits for its batch to become durable (group commit)")
        .publishPercentileHistogram().register(meters);
    this.appendTimer = Timer.builder("mercato.journal.append")
        .description("Time to dedup and append one batch to the journal (under the ingest lock)")
        .publishPercentileHistogram().register(meters);
    this.fsyncTimer = Timer.builder("mercato.journal.fsync")
        .description("Duration of each journal fsync").publishPercentileHistogram().register(meters);
    this.snapshotTimer = Timer.builder("mercato.snapshot")
        .description("Time to take a snapshot, from the start to the file being durable").register(meters);
    this.snapshotIngestPause = Timer.builder("mercato.snapshot.ingest.pause")
        .description("Time a snapshot holds the ingest lock (and ad decisions) to fix the journal sequence it covers")
        .register(meters);
    io.micrometer.core.instrument.FunctionCounter.builder("mercato.dedup.evictions", this,
            e -> e.dedup == null ? 0 : e.dedup.earlyEvictions())
        .description("Dedup buckets forgotten before the horizon because dedup.max-entries was reached")
        .register(meters);
    Gauge.builder("mercato.engine.ready", this, e -> e.state == State.READY ? 1 : 0)
        .description("1 when the engine serves requests").register(meters);
    this.progress = new RecoveryProgress(clock);
    RecoveryMetrics.register(meters, progress);
    // Every few seconds while recovering, so a long recovery says how far it is and how long it has left.
    this.progressLog = scheduler.scheduleAtFixedRate(() -> LOG.info("recovery: {}", progress.status().describe()),
        PROGRESS_LOG_SECONDS, PROGRESS_LOG_SECONDS, TimeUnit.SECONDS);
  }

  /** Seconds between recovery progress log lines. */
  static final long PROGRESS_LOG_SECONDS = 5;

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
  public static Engine start(EngineConfig config, InstantSource clock, MeterRegistry meters,
      io.mercato.core.ads.AdInventory ads) {
    Objects.requireNonNull(config, "config");
    Engine engine = new Engine(config, Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(meters, "meters"));
    engine.initialAds = ads;
    Thread t = new Thread(engine::recover, "mercato-recovery");
    t.setDaemon(true);
    t.start();
    return engine;
  }

  private static String generateId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
  }

  private void recover() {
    Shard<ShardState>[] created = null;
    Shard<RecoState> recoWriter = null;
    try {
      long start = System.nanoTime();
      this.catalogStore = CatalogStore.open(config.dataDir().resolve("catalog"), CatalogStore.DEFAULT_COMPACT_BYTES, meters);
      this.adStore = openAdStore();
      int n = config.effectiveShards();
      var snapshot = snapshots.loadLatest();
      List<ShardState> loaded = new ArrayList<>();
      long fromSeq = 0;
      DedupIndex index = new DedupIndex(config.dedup().horizon(), config.dedup().maxEntries());
      if (snapshot.isPresent()) {
        Snapshot s = snapshot.get();
        fromSeq = s.sequence();
        progress.loadingSnapshot(s.sequence(), s.byteSize(), s.shards().size() + 3);
        index = DedupIndex.read(new BinaryReader(s.dedup()), config.dedup().horizon(), config.dedup().maxEntries());
        progress.partLoaded();
        for (byte[] b : s.shards()) {
          loaded.add(ShardState.read(new BinaryReader(b), shape));
          progress.partLoaded();
        }
      }
      ShardState[] states = ShardState.redistribute(loaded, n, shape, user -> shardOf(user, n));
      RecoState reco = snapshot.isPresent() && snapshot.get().reco().length > 0
          ? RecoState.read(new BinaryReader(snapshot.get().reco()), config.reco())
          : new RecoState(config.reco());
      AdLedger adLedger = snapshot.isPresent() && snapshot.get().ads().length > 0
          ? AdLedger.read(new BinaryReader(snapshot.get().ads()), new Pacing(config.ads().pacingHeadStart()))
          : AdServing.newLedger(config.ads());
      if (snapshot.isPresent()) {
        progress.partLoaded(); // the recommendation state
        progress.partLoaded(); // the ad ledger
      }
      AdServing ads = new AdServing(adLedger, config.ads(), clock, this::segmentInput, evs -> ingest(evs, false),
          this::campaignParticipants);
      if (initialAds != null) {
        ads.useInventory(initialAds);
      } else {
        adStore.subscribe(ads::useInventory); // the current inventory now, and each new one as it is swapped in
      }
      long newest = Long.MIN_VALUE;
      for (ShardState st : states) {
        newest = Math.max(newest, st.newestMillis());
      }
      long restored = 0;
      for (ShardState st : states) {
        restored += st.counts().total();
        customTypes.restore(st.counts().asMap().keySet());
      }
      progress.checkingJournal();
      Journal j = Journal.openObserved(config.dataDir().resolve("journal"), config.journal(), clock,
          nanos -> fsyncTimer.record(nanos, TimeUnit.NANOSECONDS));
      if (j.recoveryReport().truncatedBytes() > 0) {
        LOG.warn("journal tail was torn ({}); truncated {} bytes", j.recoveryReport().truncationReason(),
            j.recoveryReport().truncatedBytes());
      }
      if (j.lastSequence() < fromSeq) {
        throw new IllegalStateException("journal ends at sequence " + j.lastSequence()
            + " but the snapshot covers " + fromSeq + ": the journal directory was replaced or truncated");
      }
      final DedupIndex dedupIndex = index;
      @SuppressWarnings("unchecked")
      Shard<ShardState>[] shardArray = new Shard[n];
      created = shardArray;
      for (int i = 0; i < n; i++) {
        created[i] = new Shard<>(i, states[i], ShardState::apply, config.shardQueueCapacity(), fromSeq);
        created[i].start();
      }
      recoWriter = new Shard<>("mercato-reco", n, reco, RecoState::apply, config.shardQueueCapacity(), fromSeq);
      recoWriter.start();
      TailReplay.Result tail = new TailReplay(created, recoWriter, dedupIndex, customTypes, ads, this::isInteraction,
          effectiveTime, progress, config.shardQueueCapacity()).run(j, fromSeq, newest);
      long[] replayed = {tail.replayed()};
      long[] newestSeen = {tail.newest()};
      for (int i = 0; i < n; i++) {
        final int shardId = i;
        Gauge.builder("mercato.shard.queue.depth", created[i], Shard::queued)
            .tag("shard", Integer.toString(shardId))
            .description("Events waiting to be applied by the shard").register(meters);
      }
      Gauge.builder("mercato.reco.queue.depth", recoWriter, Shard::queued)
          .description("Interaction events waiting to be applied to the recommendation state").register(meters);
      Gauge.builder("mercato.reco.users", reco, RecoState::users)
          .description("Users with an interaction history").register(meters);
      Gauge.builder("mercato.reco.items", reco, RecoState::items)
          .description("Items with interactions").register(meters);
      this.recommendations = new RecommendationService(reco, new ItemInfo() {
        @Override
        public boolean available(String itemId) {
          return itemInfo.available(itemId);
        }

        @Override
        public String category(String itemId) {
          return itemInfo.category(itemId);
        }
      }, als::get);
      AlsTraining training = new AlsTraining(config.als(), config.reco().weights(), config.dataDir().resolve("models"),
          clock, reco, this::replayRetained, r -> als.set(r), () -> (io.mercato.ml.als.AlsRecommender) als.get());
      training.loadSaved();
      this.alsTraining = training;
      CatalogStore store = catalogStore;
      this.itemInfo = new ItemInfo() { // the catalog decides availability and, when it has one, the category
        @Override
        public boolean available(String itemId) {
          return store.view().isAvailable(itemId);
        }

        @Override
        public String category(String itemId) {
          return store.view().category(itemId);
        }
      };
      ingestLock.lock();
      try {
        this.recoShard = recoWriter;
        this.adServing = ads;
        this.dedup = dedupIndex;
        this.newestMillis = newestSeen[0];
        this.journal = j;
        this.shards = created;
        // The tail just replayed counts toward the next snapshot: a process that keeps dying young
        // snapshots right after each long recovery instead of replaying an ever longer tail.
        this.recordsSinceSnapshot = tail.replayed();
        this.bytesSinceSnapshot = tail.bytes();
      }
      finally {
        ingestLock.unlock();
      }
      this.snapshotSequence = fromSeq;
      this.recoveredFromSnapshot = restored;
      this.replayedEvents = replayed[0];
      progress.done();
      if (state == State.RECOVERING) {
        state = State.READY;
        detail = null;
      }
      LOG.info("engine ready in {} ms: snapshot at sequence {} ({} events), {} journal records replayed, {} shards",
          (System.nanoTime() - start) / 1_000_000, fromSeq, restored, replayed[0], n);
      long every = config.snapshot().interval().toMillis();
      scheduler.scheduleWithFixedDelay(this::periodicSnapshot, every, every, TimeUnit.MILLISECONDS);
      long alsEvery = config.als().trainInterval().toMillis();
      if (alsEvery > 0) {
        scheduler.scheduleWithFixedDelay(this::periodicAlsTraining, alsEvery, alsEvery, TimeUnit.MILLISECONDS);
      }
      snapshotIfLong();
    } catch (RuntimeException e) {
      LOG.error("engine recovery failed", e);
      progress.failed();
      fail("recovery failed: " + e.getMessage());
      if (shards == null) { // the shards never went live: stop their threads
        if (created != null) {
          for (Shard<ShardState> s : created) {
            if (s != null) {
              s.close();
            }
          }
        }
        if (recoWriter != null) {
          recoWriter.close();
        }
      }
    } finally {
      recovered.countDown();
      progressLog.cancel(false);
    }
  }

  /** The recommendation writer takes the events that are interactions (an item and a positive weight). */
  private boolean isInteraction(Event e) {
    return e.itemId() != null && config.reco().weights().weight(e.type()) > 0;
  }

  /**
   * Asks for a snapshot on the scheduler when the journal has grown past {@link SnapshotConfig}'s
   * length limits since the last one; at most one request is pending at a time.
   */
  private void snapshotIfLong() {
    boolean due;
    ingestLock.lock();
    try {
      due = config.snapshot().dueByLength(recordsSinceSnapshot, bytesSinceSnapshot);
    } finally {
      ingestLock.unlock();
    }
    if (due && snapshotRequested.compareAndSet(false, true)) {
      try {
        scheduler.execute(() -> {
          try {
            periodicSnapshot();
          } finally {
            snapshotRequested.set(false);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        snapshotRequested.set(false); // closing: the final snapshot covers it
      }
    }
  }

  /** Opens the campaign database of {@code config.db()} and loads every definition. */
  private AdStore openAdStore() {
    Database db = Database.open(config.db(), config.dataDir());
    try {
      AdStore store = AdStore.open(new JdbcCampaignRepository(db), segmentCompiler, config.limits(), clock, meters);
      campaignDb = db;
      return store;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Campaign and ad definitions: validation, write-through writes and the current inventory (see
   * {@link AdStore}), durable in the database of {@link EngineConfig#db()}. Decisions ({@link #ads()})
   * follow its inventory unless the engine was started with a fixed one.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public AdStore campaigns() {
    requireReady();
    return adStore;
  }

  /**
   * The campaign database behind {@link #campaigns()}, for the other relational stores that live in it
   * (automation rules, their runs and approvals, the audit log). Closed when the engine closes.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public Database campaignDatabase() {
    requireReady();
    return campaignDb;
  }

  /**
   * What a segment condition sees of {@code userId} now: the profile evaluated at
   * {@link #streamTime()} and the purchased items, read on the user's shard after every event
   * acknowledged before the call (read-your-writes). A user without events gets an empty profile.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public SegmentInput segmentInput(String userId) {
    requireReady();
    Shard<ShardState> s = shards[shardOf(userId, shards.length)];
    return s.ask(st -> {
      io.mercato.core.profile.UserProfile p = st.profile(userId);
      long now = streamTime();
      if (p == null) {
        p = new io.mercato.core.profile.UserProfile(config.profile(), shape.windows());
      }
      return new SegmentInput(userId, p.view(now), new java.util.HashSet<>(p.purchasedItems()));
    }).join();
  }

  /** Waits until recovery finished; true if the engine is READY. */
  public boolean awaitReady(Duration timeout) {
    try {
      recovered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return state == State.READY;
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
    return ingest(events, true);
  }

  /** Records valid events; when {@code awaitDurable} is false, returns once they are in the journal. */
  private IngestResult ingest(List<Event> events, boolean awaitDurable) {
    requireReady();
    if (events.isEmpty()) {
      return new IngestResult(0, 0);
    }
    Shard<ShardState>[] sh = shards;
    Shard<RecoState> rs = recoShard;
    AdServing ads = adServing;
    int n = sh.length;
    int[] perShard = new int[n];
    int[] route = new int[events.size()];
    boolean[] interaction = new boolean[events.size()];
    int interactions = 0;
    for (int i = 0; i < route.length; i++) {
      Event e = events.get(i);
      route[i] = shardOf(e.userId(), n);
      perShard[route[i]]++;
      interaction[i] = isInteraction(e);
      interactions += interaction[i] ? 1 : 0;
    }
    // Encoded before anything is reserved or recorded: an event the journal cannot carry unchanged
    // (InvalidUnicodeException) fails the call with nothing of the batch kept.
    long now = clock.millis();
    BinaryWriter scratch = new BinaryWriter(256);
    byte[][] payloads = new byte[events.size()][];
    long[] fingerprints = new long[events.size()];
    // What the aggregates see: each event at its effective time. The journal keeps the event as sent
    // with its arrival (now), from which replay computes the same effective time.
    Event[] effective = new Event[events.size()];
    int skewed = 0;
    for (int i = 0; i < payloads.length; i++) {
      Event e = events.get(i);
      effective[i] = effectiveTime.apply(e, now);
      skewed += effective[i] != e ? 1 : 0;
      if (!sampler.keep(e)) {
        continue; // payload stays null: sampled out, acknowledged but not stored
      }
      payloads[i] = JournalRecord.encode(now, e, scratch);
      fingerprints[i] = e.generatedId() ? 0 : DedupIndex.fingerprint(e.eventId());
    }
    reserve(sh, perShard);
    if (!rs.tryReserve(interactions)) {
      for (int s = 0; s < n; s++) {
        sh[s].release(perShard[s]);
      }
      backpressureCounter.increment();
      throw new BackpressureException("the recommendation writer has " + rs.queued()
          + " events waiting (queue-capacity " + config.shardQueueCapacity() + "); retry later", RETRY_AFTER);
    }
    List<Event> recoPart = new ArrayList<>(interactions);
    @SuppressWarnings("unchecked")
    List<Event>[] parts = new List[n];
    int accepted = 0;
    int sampled = 0;
    List<Integer> tooLate = List.of();
    long lastSeq = 0;
    long appendedBytes = 0;
    boolean lengthDue = false;
    long t0 = System.nanoTime();
    ingestLock.lock();
    try {
      requireReady();
      Windows windows = shape.windows();
      long newest = newestMillis;
      for (int i = 0; i < payloads.length; i++) {
        Event e = effective[i];
        if (payloads[i] == null) {
          sampled++;
          continue;
        }
        if (windows.tooLate(e.timestampMillis(), newest)) {
          if (tooLate.isEmpty()) {
            tooLate = new ArrayList<>();
          }
          tooLate.add(i);
          continue;
        }
        if (!e.generatedId() && !dedup.markIfNew(fingerprints[i], now)) {
          continue;
        }
        newest = Math.max(newest, e.timestampMillis());
        lastSeq = journal.append(payloads[i]);
        int s = route[i];
        if (parts[s] == null) {
          parts[s] = new ArrayList<>(perShard[s]);
        }
        parts[s].add(e);
        if (interaction[i]) {
          recoPart.add(e);
        }
        ads.onAccepted(e);
        accepted++;
        appendedBytes += payloads[i].length + 16L;
      }
      newestMillis = newest;
      recordsSinceSnapshot += accepted;
      bytesSinceSnapshot += appendedBytes;
      lengthDue = accepted > 0 && config.snapshot().dueByLength(recordsSinceSnapshot, bytesSinceSnapshot);
      rs.release(interactions - recoPart.size());
      if (!recoPart.isEmpty()) {
        rs.submit(recoPart, lastSeq);
        recoSubmitted = lastSeq;
      }
      for (int s = 0; s < n; s++) {
        int used = parts[s] == null ? 0 : parts[s].size();
        sh[s].release(perShard[s] - used);
        if (used > 0) {
          sh[s].submit(parts[s], lastSeq);
        }
      }
    } catch (RuntimeException e) {
      fail("journal append failed: " + e.getMessage());
      throw new EngineUnavailableException("the journal failed; the engine stopped accepting events", e);
    } finally {
      ingestLock.unlock();
      appendTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
    if (accepted > 0 && awaitDurable) {
      awaitDurable(lastSeq);
    }
    if (lengthDue) {
      snapshotIfLong();
    }
    int duplicates = events.size() - accepted - sampled - tooLate.size();
    acceptedCounter.increment(accepted);
    duplicateCounter.increment(duplicates);
    sampledCounter.increment(sampled);
    tooLateCounter.increment(tooLate.size());
    skewedCounter.increment(skewed);
    return new IngestResult(accepted, duplicates, sampled, tooLate);
  }

  private void reserve(Shard<?>[] sh, int[] perShard) {
    for (int s = 0; s < sh.length; s++) {
      if (!sh[s].tryReserve(perShard[s])) {
        for (int r = 0; r < s; r++) {
          sh[r].release(perShard[r]);
        }
        backpressureCounter.increment();
        throw new BackpressureException("shard " + s + " has " + sh[s].queued()
            + " events waiting (queue-capacity " + config.shardQueueCapacity() + "); retry later", RETRY_AFTER);
      }
    }
  }

  private void awaitDurable(long seq) {
    long t0 = System.nanoTime();
    try {
      journal.awaitDurable(seq).join();
    } catch (CompletionException e) {
      fail("journal fsync failed: " + e.getCause().getMessage());
      throw new EngineUnavailableException("the journal could not make the batch durable", e.getCause());
    } finally {
      durableWait.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
  }

  /** All-time event counts per type, consistent with every {@link #ingest} that has returned. */
  public Map<String, Long> countsByType() {
    requireReady();
    List<CompletableFuture<EventTypeCounts>> parts = new ArrayList<>();
    for (Shard<ShardState> s : shards) {
      parts.add(s.ask(st -> st.counts().copy()));
    }
    EventTypeCounts total = new EventTypeCounts();
    for (CompletableFuture<EventTypeCounts> f : parts) {
      total.merge(f.join());
    }
    return total.asMap();
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
    return newestMillis;
  }

  /** The data directory this engine holds (locked: no other engine uses it). */
  public java.nio.file.Path dataDir() {
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
    long t = newestMillis;
    return t == Long.MIN_VALUE ? clock.millis() : t;
  }

  /**
   * Statistics of one scope key ({@code key} ignored for GLOBAL), merged over the shards, consistent
   * with every ingest that has returned. Empty when no event of the key is retained.
   */
  public Optional<ScopeStats> scopeStats(Scope scope, String key) {
    requireReady();
    Windows w = shape.windows();
    Function<ShardState, ScopeStats> part = st -> {
      WindowedCounts c = st.counts(scope, key);
      WindowedDistinct d = st.distinct(scope, key);
      ValueQuantiles v = st.values(scope, key);
      return new ScopeStats(c == null ? null : c.copy(), st.global().copy(),
          d == null ? null : copyOf(new WindowedDistinct(w), d), v == null ? null : copyOf(new ValueQuantiles(), v));
    };
    List<ScopeStats> parts = scope == Scope.USER
        ? List.of(shards[shardOf(key, shards.length)].ask(part).join())
        : askAll(part);
    WindowedCounts counts = null;
    WindowedCounts global = new WindowedCounts(w);
    WindowedDistinct distinct = null;
    ValueQuantiles values = null;
    for (ScopeStats p : parts) {
      global.merge(p.global());
      if (p.counts() != null) {
        counts = counts == null ? p.counts() : merged(counts, p.counts());
      }
      if (p.distinct() != null) {
        distinct = distinct == null ? p.distinct() : merged(distinct, p.distinct());
      }
      if (p.values() != null) {
        values = values == null ? p.values() : merged(values, p.values());
      }
    }
    if (scope == Scope.USER) {
      global = askAll(st -> st.global().copy()).stream().reduce(new WindowedCounts(w), Engine::merged);
    }
    if (counts == null && scope != Scope.GLOBAL) {
      return Optional.empty();
    }
    return Optional.of(new ScopeStats(counts == null ? new WindowedCounts(w) : counts, global, distinct, values));
  }

  /**
   * The profile of {@code userId} evaluated at {@link #streamTime()}, read on the user's shard after
   * every event acknowledged before the call (read-your-writes). Empty for an unknown user.
   */
  public Optional<io.mercato.core.profile.ProfileView> profile(String userId) {
    requireReady();
    Shard<ShardState> s = shards[shardOf(userId, shards.length)];
    return Optional.ofNullable(s.ask(st -> {
      io.mercato.core.profile.UserProfile p = st.profile(userId);
      return p == null ? null : p.view(streamTime());
    }).join());
  }

  /**
   * Windowed counts of a composite scope key such as {@code spring-sale|sports}.
   *
   * @throws io.mercato.core.error.ValidationException on field {@code scope} for an unknown composite
   */
  public Optional<WindowedCounts> compositeCounts(String composite, String key) {
    requireReady();
    if (shape.composites().stream().noneMatch(k -> k.name().equals(composite))) {
      throw new io.mercato.core.error.ValidationException("scope", "unknown scope \"" + composite + "\"; valid: "
          + String.join(", ", scopeNames()));
    }
    return askAll(st -> {
      WindowedCounts c = st.compositeCounts(composite, key);
      return c == null ? null : c.copy();
    }).stream().filter(java.util.Objects::nonNull).reduce(Engine::merged);
  }

  /** Every scope name accepted by the stats API: the single-field scopes and the composites. */
  public List<String> scopeNames() {
    List<String> names = new ArrayList<>();
    for (Scope sc : Scope.values()) {
      names.add(sc.name().toLowerCase(java.util.Locale.ROOT));
    }
    shape.composites().forEach(k -> names.add(k.name()));
    return names;
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
    requireReady();
    TrendingCandidates candidates = TrendingCandidates.sum(askAll(st -> {
      WindowedTopItems t = st.trending(categoryOrNull);
      return t == null ? TrendingCandidates.NONE : t.candidates(w, nowMillis);
    }));
    // Every candidate the ranker may look up, counted in one round over the shards.
    List<String> asked = candidates.items().subList(0,
        Math.min(candidates.size(), Math.max(TrendingRanker.DEFAULT_MAX_LOOKUPS, 2 * n)));
    long[] counts = new long[asked.size()];
    for (long[] part : askAll(st -> st.trendingCounts(categoryOrNull, asked, w, nowMillis))) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = TrendingCounts.sum(counts[i], part[i]);
      }
    }
    Map<String, Long> known = new java.util.HashMap<>();
    for (int i = 0; i < counts.length; i++) {
      known.put(asked.get(i), counts[i]);
    }
    TopItems top = TrendingRanker.rank(candidates, n,
        items -> items.stream().mapToLong(known::get).toArray(), TrendingRanker.DEFAULT_MAX_LOOKUPS);
    if (top.exact()) {
      return top;
    }
    // The shards hold every item's exact counts: scan them rather than answer approximately.
    return askAll(st -> st.scanTrending(categoryOrNull, w, nowMillis)).stream().reduce(TrendingScan::merge)
        .orElseThrow().top(n);
  }

  /**
   * A uniform sample of up to {@code n} recent events of window {@code w} (optionally of one type),
   * drawn from every shard in proportion to its share of the window's events.
   */
  public List<Event> sample(Window w, int n, String typeOrNull) {
    requireReady();
    long now = streamTime();
    List<EventReservoir> parts = askAll(st -> {
      EventReservoir r = new EventReservoir(shape.windows(), shape.reservoirCapacity(), new java.util.SplittableRandom(7));
      r.merge(st.reservoir());
      return r;
    });
    EventReservoir all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all.merge(parts.get(i));
    }
    return all.sample(w, now, n, typeOrNull);
  }

  /**
   * The serialized state of every shard, consistent with every ingest that returned; without the
   * inspection reservoir when {@code deterministic} (see {@link ShardState#writeDeterministicTo}).
   * For conformance tests and diagnostics.
   */
  public List<byte[]> stateBytes(boolean deterministic) {
    requireReady();
    return askAll(st -> {
      BinaryWriter w = new BinaryWriter();
      if (deterministic) {
        st.writeDeterministicTo(w);
      } else {
        st.writeTo(w);
      }
      return w.toByteArray();
    });
  }

  /**
   * The item catalog, read-only: every {@link #putItems} that returned, durable across restarts. Items
   * seen only in events have no entry (available, no catalog category); see {@link CatalogView}.
   *
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  public CatalogView catalog() {
    requireReady();
    return catalogStore.view();
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
    requireReady();
    try {
      catalogStore.put(items);
    } catch (CatalogFailedException e) {
      throw new EngineUnavailableException("the catalog could not store the items: " + e.getMessage(), e);
    }
  }

  /** Folds the catalog's change log into catalog.bin; a failure is logged (the log keeps every change). */
  private void compactCatalog() {
    try {
      catalogStore.compact();
    } catch (RuntimeException e) {
      LOG.error("catalog compaction failed; its change log still holds every change", e);
    }
  }

  private <T> List<T> askAll(Function<ShardState, T> f) {
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (Shard<ShardState> s : shards) {
      futures.add(s.ask(f));
    }
    List<T> out = new ArrayList<>(futures.size());
    for (CompletableFuture<T> fut : futures) {
      out.add(fut.join());
    }
    return out;
  }

  private static <A extends io.mercato.core.agg.Aggregate<A>> A copyOf(A empty, A live) {
    empty.merge(live);
    return empty;
  }

  private static <A extends io.mercato.core.agg.Aggregate<A>> A merged(A into, A other) {
    into.merge(other);
    return into;
  }

  /**
   * Top-n recommendations for a user (see {@link RecommendationService#recommend}). Read-your-writes:
   * waits, at most {@value #RECO_WAIT_MS} ms, until every interaction acknowledged before the call is
   * applied to the recommendation state.
   *
   * @throws EngineUnavailableException when not READY
   */
  public RecoResult recommend(String userId, Strategy strategy, RecoRequest request) {
    awaitRecoWrites();
    return recommendations.recommend(userId, strategy, request);
  }

  /** Re-ranks {@code items} for a user (see {@link RecommendationService#rank}); read-your-writes as above. */
  public RecoResult rank(String userId, List<String> items, Strategy strategy, boolean explain) {
    awaitRecoWrites();
    return recommendations.rank(userId, items, strategy, explain);
  }

  /** Item-CF neighbours of an item, or empty when the item has no interactions. */
  public List<SimilarItem> similarItems(String itemId, int n) {
    awaitRecoWrites();
    return recommendations.similarItems(itemId, n);
  }

  /** Whether the recommenders have seen interactions of this item. */
  public boolean knowsItem(String itemId) {
    requireReady();
    return recommendations.state().knowsItem(itemId);
  }

  /** The live recommendation state (read-only use; the engine's writer thread mutates it). */
  public RecoState recoState() {
    requireReady();
    return recommendations.state();
  }

  /**
   * Trains iALS now from the events retained in the journal, in the background; joins a run already
   * in progress. The future completes when the new model serves, or exceptionally with the reason.
   */
  public CompletableFuture<AlsStatus> trainAls() {
    requireReady();
    return alsTraining.train();
  }

  /** Where iALS training stands. */
  public AlsStatus alsStatus() {
    requireReady();
    return alsTraining.status();
  }

  private void periodicAlsTraining() {
    if (state != State.READY || recommendations.state().users() == 0) {
      return;
    }
    alsTraining.train().exceptionally(e -> null);
  }

  /**
   * Replays every event still in the journal (oldest retained first), at its effective time, into
   * {@code consumer}; segments are not deleted meanwhile (snapshots wait).
   */
  void replayRetained(java.util.function.Consumer<Event> consumer) {
    requireReady();
    snapshotLock.lock();
    try {
      Journal j = journal;
      j.replay(j.firstRetainedSequence() - 1, (seq, payload) -> {
        JournalRecord rec = JournalRecord.decode(payload);
        consumer.accept(effectiveTime.apply(rec.event(), rec.acceptedMillis()));
      });
    } finally {
      snapshotLock.unlock();
    }
  }

  /** Ad decisions, their ledger and campaign KPIs. */
  public AdServing ads() {
    requireReady();
    return adServing;
  }

  /** Distinct users of a campaign in a window, from the campaign scope's HLL. */
  private long campaignParticipants(String campaignId, Window window) {
    return scopeStats(Scope.CAMPAIGN, campaignId)
        .map(st -> st.distinct() == null ? 0L : st.distinct().estimate(window, streamTime())).orElse(0L);
  }

  /** Where recommendations look up availability and categories (the catalog). */
  public void setItemInfo(ItemInfo info) {
    this.itemInfo = Objects.requireNonNull(info, "info");
  }

  private static final long RECO_WAIT_MS = 200;

  private void awaitRecoWrites() {
    requireReady();
    recoShard.awaitApplied(recoSubmitted, TimeUnit.MILLISECONDS.toNanos(RECO_WAIT_MS));
  }

  /**
   * Takes a snapshot now and deletes journal segments it covers (subject to retention). Blocks until
   * the snapshot file is durable.
   *
   * @return the journal sequence the snapshot covers
   */
  public long snapshot() {
    requireReady();
    snapshotLock.lock();
    try {
      long seq;
      DedupIndex.Frozen dedupView;
      List<CompletableFuture<byte[]>> parts = new ArrayList<>();
      CompletableFuture<byte[]> recoBytes;
      byte[] adsBytes;
      long started = System.nanoTime();
      adServing.pauseDecisions(); // no reservation may be half-way to the journal while the ledger is copied
      ingestLock.lock();
      long locked = System.nanoTime();
      try {
        BinaryWriter aw = new BinaryWriter();
        adServing.ledger().sweepIdle(clock.millis()); // users without an impression in 24 hours: bounded memory
        adServing.ledger().writeTo(aw);
        adsBytes = aw.toByteArray();
        seq = journal.lastSequence();
        dedupView = dedup.frozen(); // O(buckets) here; written out below, off the ingest lock
        recordsSinceSnapshot = 0;
        bytesSinceSnapshot = 0;
        for (Shard<ShardState> s : shards) {
          long sweepAt = newestMillis;
          parts.add(s.ask(st -> {
            if (sweepAt != Long.MIN_VALUE) {
              st.sweepIdle(sweepAt); // drop keys whose windows are all empty: bounded memory
            }
            BinaryWriter sw = new BinaryWriter();
            st.writeTo(sw);
            return sw.toByteArray();
          }));
        }
        long sweepReco = newestMillis;
        recoBytes = recoShard.ask(st -> {
          if (sweepReco != Long.MIN_VALUE) {
            st.sweepIdle(sweepReco);
          }
          BinaryWriter rw = new BinaryWriter();
          st.writeTo(rw);
          return rw.toByteArray();
        });
      } finally {
        ingestLock.unlock();
        adServing.resumeDecisions();
        snapshotIngestPause.record(System.nanoTime() - locked, TimeUnit.NANOSECONDS);
      }
      BinaryWriter dw = new BinaryWriter((int) Math.min(Integer.MAX_VALUE - 64, 64 + dedupView.size() * 8));
      dedupView.writeTo(dw);
      byte[] dedupBytes = dw.toByteArray();
      List<byte[]> shardBytes = new ArrayList<>();
      for (CompletableFuture<byte[]> f : parts) {
        shardBytes.add(f.join());
      }
      if (seq > 0) {
        journal.awaitDurable(seq).join();
      }
      snapshots.write(new Snapshot(seq, clock.millis(), dedupBytes, shardBytes, recoBytes.join(), adsBytes));
      snapshotSequence = seq;
      snapshotTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      int deleted = journal.deleteSegmentsCoveredBy(seq);
      LOG.debug("snapshot at sequence {} written; {} journal segments deleted", seq, deleted);
      compactCatalog();
      return seq;
    } finally {
      snapshotLock.unlock();
    }
  }

  private void periodicSnapshot() {
    if (state != State.READY) {
      return;
    }
    try {
      snapshot();
    } catch (RuntimeException e) {
      LOG.error("periodic snapshot failed; will retry at the next interval", e);
    }
  }

  public EngineStatus status() {
    Shard<ShardState>[] sh = shards;
    Journal j = journal;
    long queued = 0;
    if (sh != null) {
      for (Shard<ShardState> s : sh) {
        queued += s.queued();
      }
    }
    State st = state;
    RecoveryStatus recovery = progress.status();
    return new EngineStatus(st, st == State.RECOVERING ? recovery.describe() : detail,
        config.effectiveShards(), queued, j == null ? 0 : j.lastSequence(), j == null ? 0 : j.durableSequence(),
        snapshotSequence, recoveredFromSnapshot, replayedEvents, recovery);
  }

  /** Shard index of a user: stable across restarts for a given shard count. */
  static int shardOf(String userId, int shards) {
    return Math.floorMod(userId.hashCode() * 0x9E3779B9, shards);
  }

  private void requireReady() {
    State s = state;
    if (s != State.READY) {
      String why = s == State.RECOVERING ? progress.status().describe() : detail;
      throw new EngineUnavailableException("engine is " + s.name().toLowerCase()
          + (why == null ? "" : ": " + why));
    }
  }

  private void fail(String why) {
    if (state != State.CLOSED) {
      state = State.FAILED;
      detail = why;
    }
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
      if (state == State.CLOSED) {
        return;
      }
      wasReady = state == State.READY;
    } finally {
      ingestLock.unlock();
    }
    scheduler.shutdownNow();
    if (wasReady) {
      try {
        snapshot();
      } catch (RuntimeException e) {
        LOG.error("final snapshot failed; the journal still has every acknowledged event", e);
      }
    }
    ingestLock.lock();
    try {
      state = State.CLOSED;
      detail = "closed";
    } finally {
      ingestLock.unlock();
    }
    if (shards != null) {
      for (Shard<ShardState> s : shards) {
        s.close();
      }
    }
    if (recoShard != null) {
      recoShard.close();
    }
    if (alsTraining != null) {
      alsTraining.close();
    }
    if (journal != null) {
      journal.close();
    }
    if (catalogStore != null) {
      catalogStore.close();
    }
    if (adStore != null) {
      adStore.close();
    }
    lock.close();
  }
}
