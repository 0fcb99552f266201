package io.mercato.engine;

import io.mercato.core.dedup.DedupIndex;
import io.mercato.core.reco.RecoState;
import io.mercato.engine.ads.AdStore;
import io.mercato.engine.catalog.CatalogStore;
import io.mercato.engine.journal.Journal;
import io.mercato.engine.shard.Shard;
import io.mercato.engine.shard.ShardState;
import io.mercato.store.sql.Database;

/**
 * Everything recovery built, published once by {@link Engine} when it turns READY: the live state, the
 * stores and the parts that serve them. Immutable; the parts inside have their own thread-safety.
 *
 * @param recoveredFromSnapshot events restored from the snapshot at startup
 * @param replayedEvents        journal records replayed at startup
 */
record EngineRuntime(
    Journal journal,
    Shard<ShardState>[] shards,
    Shard<RecoState> recoWriter,
    DedupIndex dedup,
    CatalogStore catalog,
    AdStore adStore,
    Database campaignDb,
    AdServing ads,
    AlsTraining alsTraining,
    IngestPipeline ingest,
    StateQueries queries,
    Snapshotter snapshots,
    EngineRecommendations recommendations,
    long recoveredFromSnapshot,
    long replayedEvents) {

  /** Events waiting in the shard queues. */
  long queued() {
    long queued = 0;
    for (Shard<ShardState> s : shards) {
      queued += s.queued();
    }
    return queued;
  }

  /** Stops the shards and the recommendation writer, then closes training, the journal and the stores. */
  void close() {
    for (Shard<ShardState> s : shards) {
      s.close();
    }
    recoWriter.close();
    alsTraining.close();
    journal.close();
    catalog.close();
    adStore.close();
  }
}
