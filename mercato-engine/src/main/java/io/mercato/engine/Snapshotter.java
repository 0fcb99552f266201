package io.mercato.engine;

import io.mercato.core.dedup.DedupIndex;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.reco.RecoState;
import io.mercato.core.time.EffectiveTime;
import io.mercato.engine.catalog.CatalogStore;
import io.mercato.engine.journal.Journal;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import io.mercato.engine.snapshot.Snapshot;
import io.mercato.engine.snapshot.SnapshotStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the live state: the shards, the recommendation state, the ad ledger and the dedup index
 * at one journal sequence, after which the journal segments they cover are deleted (subject to
 * retention) and the catalog's change log is compacted. Also the {@link RetainedEvents} of ALS
 * training: while it replays the journal no snapshot deletes segments.
 */
final class Snapshotter implements RetainedEvents {
  private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

  private final Lifecycle lifecycle;
  private final ReentrantLock ingestLock;
  private final ReentrantLock snapshotLock = new ReentrantLock();
  private final SnapshotStore store;
  private final Journal journal;
  private final Shard<ShardState>[] shards;
  private final Shard<RecoState> recoShard;
  private final DedupIndex dedup;
  private final AdServing ads;
  private final CatalogStore catalog;
  private final StreamClock streamClock;
  private final JournalGrowth growth;
  private final EffectiveTime effectiveTime;
  private final EngineMetrics metrics;
  private final InstantSource clock;
  private final Executor scheduler;
  private final AtomicBoolean requested = new AtomicBoolean();
  private volatile long lastSequence;

  /**
   * @param lastSequence the journal sequence the newest snapshot on disk covers (0 if none)
   * @param scheduler    where snapshots asked for by the length trigger run
   */
  Snapshotter(
      Lifecycle lifecycle,
      ReentrantLock ingestLock,
      SnapshotStore store,
      Journal journal,
      Shard<ShardState>[] shards,
      Shard<RecoState> recoShard,
      DedupIndex dedup,
      AdServing ads,
      CatalogStore catalog,
      StreamClock streamClock,
      JournalGrowth growth,
      EffectiveTime effectiveTime,
      EngineMetrics metrics,
      InstantSource clock,
      Executor scheduler,
      long lastSequence) {
    this.lifecycle = lifecycle;
    this.ingestLock = ingestLock;
    this.store = store;
    this.journal = journal;
    this.shards = shards;
    this.recoShard = recoShard;
    this.dedup = dedup;
    this.ads = ads;
    this.catalog = catalog;
    this.streamClock = streamClock;
    this.growth = growth;
    this.effectiveTime = effectiveTime;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler = scheduler;
    this.lastSequence = lastSequence;
  }

  /** The journal sequence the newest snapshot covers (0 if none). */
  long lastSequence() {
    return lastSequence;
  }

  /**
   * Takes a snapshot now and deletes journal segments it covers (subject to retention). Blocks until
   * the snapshot file is durable.
   *
   * @return the journal sequence the snapshot covers
   */
  long snapshot() {
    lifecycle.requireReady();
    snapshotLock.lock();
    try {
      long seq;
      DedupIndex.Frozen dedupView;
      List<CompletableFuture<byte[]>> parts = new ArrayList<>();
      CompletableFuture<byte[]> recoBytes;
      byte[] adsBytes;
      long started = System.nanoTime();
      ads.pauseDecisions(); // no reservation may be half-way to the journal while the ledger is
      // copied
      ingestLock.lock();
      long locked = System.nanoTime();
      try {
        BinaryWriter aw = new BinaryWriter();
        ads.ledger()
            .sweepIdle(clock.millis()); // users without an impression in 24 hours: bounded memory
        ads.ledger().writeTo(aw);
        adsBytes = aw.toByteArray();
        seq = journal.lastSequence();
        dedupView = dedup.frozen(); // O(buckets) here; written out below, off the ingest lock
        growth.reset();
        for (Shard<ShardState> s : shards) {
          long sweepAt = streamClock.newestMillis();
          parts.add(
              s.ask(
                  st -> {
                    if (sweepAt != Long.MIN_VALUE) {
                      st.sweepIdle(
                          sweepAt); // drop keys whose windows are all empty: bounded memory
                    }
                    BinaryWriter sw = new BinaryWriter();
                    st.writeTo(sw);
                    return sw.toByteArray();
                  }));
        }
        long sweepReco = streamClock.newestMillis();
        recoBytes =
            recoShard.ask(
                st -> {
                  if (sweepReco != Long.MIN_VALUE) {
                    st.sweepIdle(sweepReco);
                  }
                  BinaryWriter rw = new BinaryWriter();
                  st.writeTo(rw);
                  return rw.toByteArray();
                });
      } finally {
        ingestLock.unlock();
        ads.resumeDecisions();
        metrics.snapshotIngestPause.record(System.nanoTime() - locked, TimeUnit.NANOSECONDS);
      }
      BinaryWriter dw =
          new BinaryWriter((int) Math.min(Integer.MAX_VALUE - 64, 64 + dedupView.size() * 8));
      dedupView.writeTo(dw);
      byte[] dedupBytes = dw.toByteArray();
      List<byte[]> shardBytes = new ArrayList<>();
      for (CompletableFuture<byte[]> f : parts) {
        shardBytes.add(f.join());
      }
      if (seq > 0) {
        journal.awaitDurable(seq).join();
      }
      store.write(
          new Snapshot(seq, clock.millis(), dedupBytes, shardBytes, recoBytes.join(), adsBytes));
      lastSequence = seq;
      metrics.snapshot.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      int deleted = journal.deleteSegmentsCoveredBy(seq);
      LOG.debug("snapshot at sequence {} written; {} journal segments deleted", seq, deleted);
      compactCatalog();
      return seq;
    } finally {
      snapshotLock.unlock();
    }
  }

  /** A snapshot on schedule: skipped unless READY; a failure is logged and retried at the next one. */
  void periodic() {
    if (lifecycle.state() != EngineStatus.State.READY) {
      return;
    }
    try {
      snapshot();
    } catch (RuntimeException e) {
      LOG.error("periodic snapshot failed; will retry at the next interval", e);
    }
  }

  /**
   * Asks for a snapshot on the scheduler when the journal has grown past {@link SnapshotConfig}'s
   * length limits since the last one; at most one request is pending at a time.
   */
  void snapshotIfLong() {
    boolean due;
    ingestLock.lock();
    try {
      due = growth.due();
    } finally {
      ingestLock.unlock();
    }
    if (due && requested.compareAndSet(false, true)) {
      try {
        scheduler.execute(
            () -> {
              try {
                periodic();
              } finally {
                requested.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        requested.set(false); // closing: the final snapshot covers it
      }
    }
  }

  @Override
  public void replay(Consumer<Event> consumer) {
    lifecycle.requireReady();
    snapshotLock.lock();
    try {
      journal.replay(
          journal.firstRetainedSequence() - 1,
          (seq, payload) -> {
            JournalRecord rec = JournalRecord.decode(payload);
            consumer.accept(effectiveTime.apply(rec.event(), rec.acceptedMillis()));
          });
    } finally {
      snapshotLock.unlock();
    }
  }

  /** Folds the catalog's change log into catalog.bin; a failure is logged (the log keeps every change). */
  private void compactCatalog() {
    try {
      catalog.compact();
    } catch (RuntimeException e) {
      LOG.error("catalog compaction failed; its change log still holds every change", e);
    }
  }
}
