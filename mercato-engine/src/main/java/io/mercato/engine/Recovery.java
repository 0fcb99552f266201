package io.mercato.engine;

import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.decide.AdLedger;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.dedup.Admission;
import io.mercato.core.dedup.DedupIndex;
import io.mercato.core.event.CustomTypeRegistry;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Recommender;
import io.mercato.core.sampling.ConsistentSampler;
import io.mercato.core.time.EffectiveTime;
import io.mercato.engine.ads.AdStore;
import io.mercato.engine.catalog.CatalogStore;
import io.mercato.engine.journal.Journal;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import io.mercato.engine.shard.StateShape;
import io.mercato.engine.snapshot.Snapshot;
import io.mercato.engine.snapshot.SnapshotStore;
import io.mercato.ml.als.AlsRecommender;
import io.mercato.store.sql.Database;
import io.mercato.store.sql.JdbcCampaignRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine's runtime from disk: opens the catalog and campaign stores, loads the newest
 * snapshot (dedup index, shard states redistributed to the configured shard count, recommendation
 * state, ad ledger), opens the journal, starts the shards and the recommendation writer, replays the
 * journal tail into them ({@link TailReplay}) and assembles the parts that serve the result. Runs once,
 * on the recovery thread; everything it builds is returned in one {@link EngineRuntime}, which the
 * engine publishes when it turns READY. On failure it stops and closes what it started and throws.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /** What the engine shares with its parts: its configuration, clock, state shape and lifecycle. */
  record Context(
      EngineConfig config,
      InstantSource clock,
      MeterRegistry meters,
      StateShape shape,
      CustomTypeRegistry customTypes,
      ConsistentSampler sampler,
      EffectiveTime effectiveTime,
      SegmentCompiler segmentCompiler,
      SnapshotStore snapshots,
      Lifecycle lifecycle,
      RecoveryProgress progress,
      EngineMetrics metrics,
      ReentrantLock ingestLock,
      Executor scheduler) {}

  private final Context cx;
  private final AdInventory fixedAds;
  private final AtomicReference<ItemInfo> itemInfo;

  /**
   * @param fixedAds the inventory to decide from, or null to follow the campaign store
   * @param itemInfo where recommendations look up availability and categories; recovery points it at
   *                 the catalog before the engine serves
   */
  Recovery(Context cx, AdInventory fixedAds, AtomicReference<ItemInfo> itemInfo) {
    this.cx = cx;
    this.fixedAds = fixedAds;
    this.itemInfo = itemInfo;
  }

  /** Recovers and returns the runtime; the caller publishes it. */
  EngineRuntime run() {
    EngineConfig config = cx.config();
    RecoveryProgress progress = cx.progress();
    CatalogStore catalog = null;
    Database[] campaignDb = {null};
    AdStore adStore = null;
    Journal j = null;
    Shard<ShardState>[] created = null;
    Shard<RecoState> recoWriter = null;
    try {
      long start = System.nanoTime();
      catalog =
          CatalogStore.open(
              config.dataDir().resolve("catalog"), CatalogStore.DEFAULT_COMPACT_BYTES, cx.meters());
      adStore = openAdStore(campaignDb);
      int n = config.effectiveShards();
      Optional<Snapshot> snapshot = cx.snapshots().loadLatest();
      List<ShardState> loaded = new ArrayList<>();
      long fromSeq = 0;
      DedupIndex index = new DedupIndex(config.dedup().horizon(), config.dedup().maxEntries());
      if (snapshot.isPresent()) {
        Snapshot s = snapshot.get();
        fromSeq = s.sequence();
        progress.loadingSnapshot(s.sequence(), s.byteSize(), s.shards().size() + 3);
        index =
            DedupIndex.read(
                new BinaryReader(s.dedup()), config.dedup().horizon(), config.dedup().maxEntries());
        progress.partLoaded();
        for (byte[] b : s.shards()) {
          loaded.add(ShardState.read(new BinaryReader(b), cx.shape()));
          progress.partLoaded();
        }
      }
      ShardState[] states =
          ShardState.redistribute(loaded, n, cx.shape(), user -> Engine.shardOf(user, n));
      RecoState reco =
          snapshot.isPresent() && snapshot.get().reco().length > 0
              ? RecoState.read(new BinaryReader(snapshot.get().reco()), config.reco())
              : new RecoState(config.reco());
      AdLedger adLedger =
          snapshot.isPresent() && snapshot.get().ads().length > 0
              ? AdLedger.read(
                  new BinaryReader(snapshot.get().ads()),
                  new Pacing(config.ads().pacingHeadStart()))
              : AdServing.newLedger(config.ads());
      if (snapshot.isPresent()) {
        progress.partLoaded(); // the recommendation state
        progress.partLoaded(); // the ad ledger
      }
      long newest = Long.MIN_VALUE;
      for (ShardState st : states) {
        newest = Math.max(newest, st.newestMillis());
      }
      long restored = 0;
      for (ShardState st : states) {
        restored += st.counts().total();
        cx.customTypes().restore(st.counts().asMap().keySet());
      }
      progress.checkingJournal();
      j =
          Journal.openObserved(
              config.dataDir().resolve("journal"),
              config.journal(),
              cx.clock(),
              nanos -> cx.metrics().fsync.record(nanos, TimeUnit.NANOSECONDS));
      if (j.recoveryReport().truncatedBytes() > 0) {
        LOG.warn(
            "journal tail was torn ({}); truncated {} bytes",
            j.recoveryReport().truncationReason(),
            j.recoveryReport().truncatedBytes());
      }
      if (j.lastSequence() < fromSeq) {
        throw new IllegalStateException(
            "journal ends at sequence "
                + j.lastSequence()
                + " but the snapshot covers "
                + fromSeq
                + ": the journal directory was replaced or truncated");
      }
      @SuppressWarnings("unchecked")
      Shard<ShardState>[] shardArray = new Shard[n];
      created = shardArray;
      for (int i = 0; i < n; i++) {
        created[i] =
            new Shard<>(i, states[i], ShardState::apply, config.shardQueueCapacity(), fromSeq);
        created[i].start();
      }
      recoWriter =
          new Shard<>(
              "mercato-reco", n, reco, RecoState::apply, config.shardQueueCapacity(), fromSeq);
      recoWriter.start();

      StreamClock streamClock = new StreamClock(cx.clock());
      StateQueries queries = new StateQueries(cx.lifecycle(), created, cx.shape(), streamClock);
      LateImpressionSink impressions = new LateImpressionSink();
      AdServing ads =
          new AdServing(
              adLedger,
              config.ads(),
              cx.clock(),
              queries::segmentInput,
              impressions,
              queries::campaignParticipants);
      if (fixedAds != null) {
        ads.useInventory(fixedAds);
      } else {
        adStore.subscribe(
            ads::useInventory); // the current inventory now, and each new one as it is swapped in
      }
      TailReplay.Result tail =
          new TailReplay(
                  created,
                  recoWriter,
                  index,
                  cx.customTypes(),
                  ads,
                  config.reco().weights()::isInteraction,
                  cx.effectiveTime(),
                  progress,
                  config.shardQueueCapacity())
              .run(j, fromSeq, new Admission(cx.shape().windows(), newest));
      streamClock.set(tail.newest());
      registerGauges(created, recoWriter, reco);

      // The tail just replayed counts toward the next snapshot: a process that keeps dying young
      // snapshots right after each long recovery instead of replaying an ever longer tail.
      JournalGrowth growth = new JournalGrowth(config.snapshot(), tail.replayed(), tail.bytes());
      Snapshotter snapshots =
          new Snapshotter(
              cx.lifecycle(),
              cx.ingestLock(),
              cx.snapshots(),
              j,
              created,
              recoWriter,
              index,
              ads,
              catalog,
              streamClock,
              growth,
              cx.effectiveTime(),
              cx.metrics(),
              cx.clock(),
              cx.scheduler(),
              fromSeq);
      IngestPipeline ingest =
          new IngestPipeline(
              cx.lifecycle(),
              cx.ingestLock(),
              j,
              created,
              recoWriter,
              index,
              ads,
              cx.shape().windows(),
              config.reco().weights(),
              cx.sampler(),
              cx.effectiveTime(),
              streamClock,
              growth,
              snapshots::snapshotIfLong,
              cx.metrics(),
              cx.clock(),
              config.shardQueueCapacity());
      impressions.bind(ingest);

      AtomicReference<Recommender> als = new AtomicReference<>();
      RecommendationService service =
          new RecommendationService(
              reco,
              new ItemInfo() {
                @Override
                public boolean available(String itemId) {
                  return itemInfo.get().available(itemId);
                }

                @Override
                public String category(String itemId) {
                  return itemInfo.get().category(itemId);
                }
              },
              als::get);
      AlsTraining training =
          new AlsTraining(
              config.als(),
              config.reco().weights(),
              config.dataDir().resolve("models"),
              cx.clock(),
              reco,
              snapshots,
              als::set,
              () -> (AlsRecommender) als.get());
      training.loadSaved();
      CatalogStore store = catalog;
      itemInfo.set(
          new ItemInfo() { // the catalog decides availability and, when it has one, the category
            @Override
            public boolean available(String itemId) {
              return store.view().isAvailable(itemId);
            }

            @Override
            public String category(String itemId) {
              return store.view().category(itemId);
            }
          });
      EngineRecommendations recommendations =
          new EngineRecommendations(cx.lifecycle(), service, recoWriter, ingest, training);
      LOG.info(
          "engine ready in {} ms: snapshot at sequence {} ({} events), {} journal records replayed, {} shards",
          (System.nanoTime() - start) / 1_000_000,
          fromSeq,
          restored,
          tail.replayed(),
          n);
      return new EngineRuntime(
          j,
          created,
          recoWriter,
          index,
          catalog,
          adStore,
          campaignDb[0],
          ads,
          training,
          ingest,
          queries,
          snapshots,
          recommendations,
          restored,
          tail.replayed());
    } catch (RuntimeException e) {
      closeQuietly(created, recoWriter, j, catalog, adStore);
      throw e;
    }
  }

  private void registerGauges(
      Shard<ShardState>[] shards, Shard<RecoState> recoWriter, RecoState reco) {
    MeterRegistry meters = cx.meters();
    for (int i = 0; i < shards.length; i++) {
      Gauge.builder("mercato.shard.queue.depth", shards[i], Shard::queued)
          .tag("shard", Integer.toString(i))
          .description("Events waiting to be applied by the shard")
          .register(meters);
    }
    Gauge.builder("mercato.reco.queue.depth", recoWriter, Shard::queued)
        .description("Interaction events waiting to be applied to the recommendation state")
        .register(meters);
    Gauge.builder("mercato.reco.users", reco, RecoState::users)
        .description("Users with an interaction history")
        .register(meters);
    Gauge.builder("mercato.reco.items", reco, RecoState::items)
        .description("Items with interactions")
        .register(meters);
  }

  /** Opens the campaign database of {@code config.db()} and loads every definition. */
  private AdStore openAdStore(Database[] opened) {
    EngineConfig config = cx.config();
    Database db = Database.open(config.db(), config.dataDir());
    try {
      AdStore store =
          AdStore.open(
              new JdbcCampaignRepository(db),
              cx.segmentCompiler(),
              config.limits(),
              cx.clock(),
              cx.meters());
      opened[0] = db;
      return store;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** After a failed recovery: stops the threads it started and closes what it opened. */
  private static void closeQuietly(
      Shard<ShardState>[] shards,
      Shard<RecoState> recoWriter,
      Journal journal,
      CatalogStore catalog,
      AdStore adStore) {
    if (shards != null) {
      for (Shard<ShardState> s : shards) {
        if (s != null) {
          s.close();
        }
      }
    }
    if (recoWriter != null) {
      recoWriter.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {journal, catalog, adStore}) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing after a failed recovery: {}", e.toString());
      }
    }
  }
}
