package io.mercato.engine;

import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.SimilarItem;
import io.mercato.core.reco.Strategy;
import io.mercato.engine.shard.Shard;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Recommendation reads and ALS training over the live recommendation state. Reads are
 * read-your-writes: they wait, at most {@value #RECO_WAIT_MS} ms, until every interaction acknowledged
 * before the call is applied by the recommendation writer.
 */
final class EngineRecommendations {
  static final long RECO_WAIT_MS = 200;

  private final Lifecycle lifecycle;
  private final RecommendationService service;
  private final Shard<RecoState> writer;
  private final IngestPipeline ingest;
  private final AlsTraining als;

  EngineRecommendations(
      Lifecycle lifecycle,
      RecommendationService service,
      Shard<RecoState> writer,
      IngestPipeline ingest,
      AlsTraining als) {
    this.lifecycle = lifecycle;
    this.service = service;
    this.writer = writer;
    this.ingest = ingest;
    this.als = als;
  }

  RecoResult recommend(String userId, Strategy strategy, RecoRequest request) {
    awaitRecoWrites();
    return service.recommend(userId, strategy, request);
  }

  RecoResult rank(String userId, List<String> items, Strategy strategy, boolean explain) {
    awaitRecoWrites();
    return service.rank(userId, items, strategy, explain);
  }

  List<SimilarItem> similarItems(String itemId, int n) {
    awaitRecoWrites();
    return service.similarItems(itemId, n);
  }

  boolean knowsItem(String itemId) {
    lifecycle.requireReady();
    return service.state().knowsItem(itemId);
  }

  RecoState state() {
    lifecycle.requireReady();
    return service.state();
  }

  CompletableFuture<AlsStatus> trainAls() {
    lifecycle.requireReady();
    return als.train();
  }

  AlsStatus alsStatus() {
    lifecycle.requireReady();
    return als.status();
  }

  /** ALS training on schedule: only when READY and some user has interactions; failures are in the status. */
  void periodicAlsTraining() {
    if (lifecycle.state() != EngineStatus.State.READY || service.state().users() == 0) {
      return;
    }
    als.train().exceptionally(e -> null);
  }

  private void awaitRecoWrites() {
    lifecycle.requireReady();
    writer.awaitApplied(ingest.recoSubmitted(), TimeUnit.MILLISECONDS.toNanos(RECO_WAIT_MS));
  }
}
