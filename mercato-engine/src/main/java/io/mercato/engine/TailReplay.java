package io.mercato.engine;

import io.mercato.core.dedup.Admission;
import io.mercato.core.dedup.DedupIndex;
import io.mercato.core.event.CustomTypeRegistry;
import io.mercato.core.event.Event;
import io.mercato.core.reco.RecoState;
import io.mercato.core.time.EffectiveTime;
import io.mercato.engine.journal.Journal;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Replays the journal records after a snapshot into the recovering state, as ingestion would have
 * applied them: the recovery thread reads, decodes, re-admits each event ({@link Admission#readmit}:
 * its id back in the dedup index, the newest event time advanced), restores
 * custom types, charges the ad ledger and routes each event, in journal order, to its user's shard
 * and (interactions) to the recommendation writer, which apply them on their own threads. Before, one
 * thread did all of it; the recommendation writer alone costs about two thirds of an event's work, so
 * the pipeline replays about twice as fast on two cores (BENCHMARKS.md "Recovery").
 *
 * <p>Per-key order is journal order, as at ingest: each shard and the recommendation writer receive
 * their events in sequence order. Queues are bounded by the shards' capacity: the replay waits for
 * room rather than growing memory. An aggregate that throws while applying an event is logged and
 * the event skipped by that shard, as at ingest ({@link Shard}); a record that cannot be read or
 * decoded fails the recovery. Progress goes to {@link RecoveryProgress} after every batch.
 */
final class TailReplay {
  private static final int BATCH = 512;

  /**
   * What the replay did.
   *
   * @param replayed records replayed
   * @param bytes    their size in the journal (16-byte record headers included)
   * @param newest   the newest event time after them (the admission's before if none was newer)
   */
  record Result(long replayed, long bytes, long newest) {}

  private final Shard<ShardState>[] shards;
  private final Shard<RecoState> reco;
  private final DedupIndex dedup;
  private final CustomTypeRegistry types;
  private final AdServing ads;
  private final Predicate<Event> interaction;
  private final EffectiveTime effectiveTime;
  private final RecoveryProgress progress;
  private final int batch;
  private final List<List<Event>> pending = new ArrayList<>();
  private List<Event> pendingReco = new ArrayList<>();

  /**
   * @param shards      started shards holding the snapshot's state, one per user partition
   * @param reco        the started recommendation writer holding the snapshot's state
   * @param interaction which events the recommendation writer takes (as at ingest)
   * @param effectiveTime the time each event counts at, from its recorded arrival (as at ingest)
   * @param capacity    the shards' queue capacity: no batch is larger
   */
  TailReplay(
      Shard<ShardState>[] shards,
      Shard<RecoState> reco,
      DedupIndex dedup,
      CustomTypeRegistry types,
      AdServing ads,
      Predicate<Event> interaction,
      EffectiveTime effectiveTime,
      RecoveryProgress progress,
      int capacity) {
    this.shards = shards;
    this.reco = reco;
    this.dedup = dedup;
    this.types = types;
    this.ads = ads;
    this.interaction = interaction;
    this.effectiveTime = effectiveTime;
    this.progress = progress;
    this.batch = Math.max(1, Math.min(BATCH, capacity));
    for (int i = 0; i < shards.length; i++) {
      pending.add(new ArrayList<>(batch));
    }
  }

  /**
   * Replays every record after {@code fromSeq} and returns once every shard and the recommendation
   * writer have applied them.
   *
   * @param admission the admission rule holding the snapshot's newest event time; it re-admits every
   *                  replayed event
   *
   * @throws IllegalStateException when a record is missing (segments deleted before a snapshot covered
   *                               them); the journal's own exceptions when a record cannot be read
   */
  Result run(Journal journal, long fromSeq, Admission admission) {
    progress.replaying(journal.lastSequence() - fromSeq);
    long[] expected = {fromSeq + 1};
    long[] bytes = {0};
    journal.replay(
        fromSeq,
        (seq, payload) -> {
          if (seq != expected[0]) {
            throw new IllegalStateException(
                "journal gap: expected sequence "
                    + expected[0]
                    + " but found "
                    + seq
                    + " (segments covering it were deleted before a snapshot covered them)");
          }
          expected[0]++;
          bytes[0] += payload.length + 16L;
          JournalRecord rec = JournalRecord.decode(payload);
          // The recorded arrival, never the replay-time clock: replay computes the effective time
          // ingest did.
          Event e = effectiveTime.apply(rec.event(), rec.acceptedMillis());
          admission.readmit(
              e, x -> dedup.markIfNew(DedupIndex.fingerprint(x.eventId()), rec.acceptedMillis()));
          types.restore(List.of(e.type()));
          ads.onAccepted(e);
          int s = Engine.shardOf(e.userId(), shards.length);
          List<Event> part = pending.get(s);
          part.add(e);
          if (part.size() >= batch) {
            flush(shards[s], part, seq);
            pending.set(s, new ArrayList<>(batch));
          }
          if (interaction.test(e)) {
            pendingReco.add(e);
            if (pendingReco.size() >= batch) {
              flush(reco, pendingReco, seq);
              pendingReco = new ArrayList<>(batch);
            }
          }
          long replayed = seq - fromSeq;
          if (replayed % batch == 0) {
            progress.replayed(replayed);
          }
        });
    long last = expected[0] - 1;
    for (int s = 0; s < shards.length; s++) {
      if (!pending.get(s).isEmpty()) {
        flush(shards[s], pending.get(s), last);
      }
    }
    if (!pendingReco.isEmpty()) {
      flush(reco, pendingReco, last);
    }
    // A task runs after every batch submitted before it: once all have answered, all is applied.
    for (Shard<ShardState> s : shards) {
      s.ask(st -> null).join();
    }
    reco.ask(st -> null).join();
    progress.replayed(last - fromSeq);
    return new Result(last - fromSeq, bytes[0], admission.newestMillis());
  }

  /** Hands a batch to a shard, waiting for room in its queue. */
  private static <S> void flush(Shard<S> shard, List<Event> events, long lastSequence) {
    while (!shard.tryReserve(events.size())) {
      LockSupport.parkNanos(200_000);
    }
    shard.submit(events, lastSequence);
  }
}
