package io.mercato.engine;

import io.mercato.core.dedup.Admission;
import io.mercato.core.dedup.DedupIndex;
import io.mercato.core.event.Event;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.reco.InteractionWeights;
import io.mercato.core.reco.RecoState;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.core.runtime.IngestResult;
import io.mercato.core.sampling.ConsistentSampler;
import io.mercato.core.time.EffectiveTime;
import io.mercato.core.time.Windows;
import io.mercato.engine.journal.Journal;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ingest protocol (see {@link Engine}): reserve room in every target shard or refuse the batch
 * with {@link BackpressureException} having recorded nothing; under the ingest lock admit each event
 * ({@link Admission}: too late, duplicate, or new), append the new ones to the journal, charge the ad
 * ledger and hand them to their shards and the recommendation writer; outside the lock, wait until
 * the journal says the batch is durable. Also the {@link ImpressionSink} of ad decisions: their
 * impressions take the same path without waiting for the fsync.
 */
final class IngestPipeline implements ImpressionSink {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final Lifecycle lifecycle;
  private final ReentrantLock ingestLock;
  private final Journal journal;
  private final Shard<ShardState>[] shards;
  private final Shard<RecoState> recoShard;
  private final DedupIndex dedup; // mutated under ingestLock
  private final AdServing ads;
  private final Windows windows;
  private final InteractionWeights weights;
  private final ConsistentSampler sampler;
  private final EffectiveTime effectiveTime;
  private final StreamClock streamClock;
  private final JournalGrowth growth;
  private final Runnable lengthTrigger;
  private final EngineMetrics metrics;
  private final InstantSource clock;
  private final int queueCapacity;
  private volatile long recoSubmitted; // journal sequence of the last batch handed to recoShard

  /**
   * @param lengthTrigger asked (outside the lock) when the journal has grown past the snapshot length
   *                      limits since the last snapshot
   */
  IngestPipeline(
      Lifecycle lifecycle,
      ReentrantLock ingestLock,
      Journal journal,
      Shard<ShardState>[] shards,
      Shard<RecoState> recoShard,
      DedupIndex dedup,
      AdServing ads,
      Windows windows,
      InteractionWeights weights,
      ConsistentSampler sampler,
      EffectiveTime effectiveTime,
      StreamClock streamClock,
      JournalGrowth growth,
      Runnable lengthTrigger,
      EngineMetrics metrics,
      InstantSource clock,
      int queueCapacity) {
    this.lifecycle = lifecycle;
    this.ingestLock = ingestLock;
    this.journal = journal;
    this.shards = shards;
    this.recoShard = recoShard;
    this.dedup = dedup;
    this.ads = ads;
    this.windows = windows;
    this.weights = weights;
    this.sampler = sampler;
    this.effectiveTime = effectiveTime;
    this.streamClock = streamClock;
    this.growth = growth;
    this.lengthTrigger = lengthTrigger;
    this.metrics = metrics;
    this.clock = clock;
    this.queueCapacity = queueCapacity;
  }

  /** Journal sequence of the last batch handed to the recommendation writer (0 before any). */
  long recoSubmitted() {
    return recoSubmitted;
  }

  @Override
  public void record(List<Event> impressions) {
    ingest(impressions, false);
  }

  /**
   * Records valid events; when {@code awaitDurable}, returns once they are durable per the journal's
   * fsync policy, otherwise once they are in the journal.
   *
   * @throws BackpressureException when shard queues cannot take the batch (nothing was recorded)
   * @throws EngineUnavailableException when recovering, closed or failed
   */
  IngestResult ingest(List<Event> events, boolean awaitDurable) {
    lifecycle.requireReady();
    if (events.isEmpty()) {
      return new IngestResult(0, 0);
    }
    Shard<ShardState>[] sh = shards;
    Shard<RecoState> rs = recoShard;
    int n = sh.length;
    int[] perShard = new int[n];
    int[] route = new int[events.size()];
    boolean[] interaction = new boolean[events.size()];
    int interactions = 0;
    for (int i = 0; i < route.length; i++) {
      Event e = events.get(i);
      route[i] = Engine.shardOf(e.userId(), n);
      perShard[route[i]]++;
      interaction[i] = weights.isInteraction(e);
      interactions += interaction[i] ? 1 : 0;
    }
    // Encoded before anything is reserved or recorded: an event the journal cannot carry unchanged
    // (InvalidUnicodeException) fails the call with nothing of the batch kept.
    long now = clock.millis();
    BinaryWriter scratch = new BinaryWriter(256);
    byte[][] payloads = new byte[events.size()][];
    long[] fingerprints = new long[events.size()];
    // What the aggregates see: each event at its effective time. The journal keeps the event as
    // sent
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
      metrics.backpressure.increment();
      throw new BackpressureException(
          "the recommendation writer has "
              + rs.queued()
              + " events waiting (queue-capacity "
              + queueCapacity
              + "); retry later",
          RETRY_AFTER);
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
      lifecycle.requireReady();
      Admission admission = new Admission(windows, streamClock.newestMillis());
      for (int i = 0; i < payloads.length; i++) {
        Event e = effective[i];
        if (payloads[i] == null) {
          sampled++;
          continue;
        }
        long fingerprint = fingerprints[i];
        Admission.Verdict verdict = admission.admit(e, x -> dedup.markIfNew(fingerprint, now));
        if (verdict == Admission.Verdict.TOO_LATE) {
          if (tooLate.isEmpty()) {
            tooLate = new ArrayList<>();
          }
          tooLate.add(i);
          continue;
        }
        if (verdict == Admission.Verdict.DUPLICATE) {
          continue;
        }
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
      streamClock.set(admission.newestMillis());
      lengthDue = growth.add(accepted, appendedBytes);
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
      lifecycle.fail("journal append failed: " + e.getMessage());
      throw new EngineUnavailableException(
          "the journal failed; the engine stopped accepting events", e);
    } finally {
      ingestLock.unlock();
      metrics.append.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
    if (accepted > 0 && awaitDurable) {
      awaitDurable(lastSeq);
    }
    if (lengthDue) {
      lengthTrigger.run();
    }
    int duplicates = events.size() - accepted - sampled - tooLate.size();
    metrics.accepted.increment(accepted);
    metrics.duplicates.increment(duplicates);
    metrics.sampled.increment(sampled);
    metrics.tooLate.increment(tooLate.size());
    metrics.skewed.increment(skewed);
    return new IngestResult(accepted, duplicates, sampled, tooLate);
  }

  private void reserve(Shard<?>[] sh, int[] perShard) {
    for (int s = 0; s < sh.length; s++) {
      if (!sh[s].tryReserve(perShard[s])) {
        for (int r = 0; r < s; r++) {
          sh[r].release(perShard[r]);
        }
        metrics.backpressure.increment();
        throw new BackpressureException(
            "shard "
                + s
                + " has "
                + sh[s].queued()
                + " events waiting (queue-capacity "
                + queueCapacity
                + "); retry later",
            RETRY_AFTER);
      }
    }
  }

  private void awaitDurable(long seq) {
    long t0 = System.nanoTime();
    try {
      journal.awaitDurable(seq).join();
    } catch (CompletionException e) {
      lifecycle.fail("journal fsync failed: " + e.getCause().getMessage());
      throw new EngineUnavailableException(
          "the journal could not make the batch durable", e.getCause());
    } finally {
      metrics.durableWait.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
  }
}
