package io.mercato.server.backend;

import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.SimilarItem;
import io.mercato.core.reco.Strategy;
import io.mercato.engine.Engine;
import java.util.List;

/**
 * The recommendation reads behind {@code /v1/recommendations/{id}}, {@code /v1/rank} and
 * {@code /v1/similar-items/{id}}: the embedded engine's live state, or on a cluster API node the
 * values the Flink job writes to Redis, both answered by the same
 * {@link io.mercato.core.reco.RecommendationService} code. Thread-safe.
 */
public interface RecoReads {
  /** Top-n for a user; an unknown user gets popular items. */
  RecoResult recommend(String userId, Strategy strategy, RecoRequest request);

  /** {@code items} re-ranked for a user. */
  RecoResult rank(String userId, List<String> items, Strategy strategy, boolean explain);

  /** Whether the item has had interactions (else it has no similar items: 404). */
  boolean knowsItem(String itemId);

  /** The item's item-CF neighbours, most similar first, at most {@code n}. */
  List<SimilarItem> similarItems(String itemId, int n);

  /** The longest id accepted in request bodies ({@code limits.max-id-length}). */
  int maxIdLength();

  /** The embedded engine's recommendations. */
  static RecoReads of(Engine engine) {
    return new RecoReads() {
      @Override
      public RecoResult recommend(String userId, Strategy strategy, RecoRequest request) {
        return engine.recommend(userId, strategy, request);
      }

      @Override
      public RecoResult rank(
          String userId, List<String> items, Strategy strategy, boolean explain) {
        return engine.rank(userId, items, strategy, explain);
      }

      @Override
      public boolean knowsItem(String itemId) {
        return engine.knowsItem(itemId);
      }

      @Override
      public List<SimilarItem> similarItems(String itemId, int n) {
        return engine.similarItems(itemId, n);
      }

      @Override
      public int maxIdLength() {
        return engine.config().limits().maxIdLength();
      }
    };
  }
}
