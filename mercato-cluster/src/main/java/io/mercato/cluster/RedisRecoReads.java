package io.mercato.cluster;

import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.ServingRecoView;
import io.mercato.core.reco.SimilarItem;
import io.mercato.core.reco.Strategy;
import io.mercato.core.state.StateKind;
import io.mercato.server.backend.BackendUnavailableException;
import io.mercato.server.backend.RecoReads;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.store.redis.RedisStoreException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Recommendations on a cluster API node: each request opens a {@link ServingRecoView} over the values
 * the Flink job's recommendation writer keeps in Redis, reads in bulk what its strategy needs
 * ({@link ServingRecoView#prepare}), and answers with the same {@link RecommendationService} code as
 * the embedded engine, so equal state gives equal JSON.
 *
 * <ul>
 *   <li>popular, item_cf, user_cf: served; auto blends item_cf and user_cf, as the embedded engine
 *       does before its first iALS model.</li>
 *   <li>als: no model is trained in cluster mode yet, so it answers as the embedded engine does
 *       without a model: popular items, {@code "used": "popular"}.</li>
 *   <li>The item catalog is not available in cluster mode (501), so every item counts as available
 *       and categories are the ones seen in events.</li>
 *   <li>Not read-your-writes: an event is reflected once the job has applied and flushed it
 *       (the flush interval, 100 ms by default, after it reached the job).</li>
 * </ul>
 * Redis failures surface as {@link BackendUnavailableException} (503).
 */
final class RedisRecoReads implements RecoReads {
  private static final Supplier<Recommender> NO_ALS = () -> null;
  private final RedisStateStore redis;
  private final RecoConfig config;
  private final int maxIdLength;

  RedisRecoReads(RedisStateStore redis, RecoConfig config, int maxIdLength) {
    this.redis = redis;
    this.config = config;
    this.maxIdLength = maxIdLength;
  }

  private ServingRecoView open() {
    try {
      return ServingRecoView.open(config, redis::readStates);
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException("Redis: " + e.getMessage(), e);
    }
  }

  private static RecommendationService service(ServingRecoView view) {
    return new RecommendationService(view, ItemInfo.NONE, NO_ALS);
  }

  @Override
  public RecoResult recommend(String userId, Strategy strategy, RecoRequest request) {
    try {
      ServingRecoView view = open();
      view.prepare(userId, strategy, request.category(), request.n(), List.of());
      return service(view).recommend(userId, strategy, request);
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException("Redis: " + e.getMessage(), e);
    }
  }

  @Override
  public RecoResult rank(String userId, List<String> items, Strategy strategy, boolean explain) {
    try {
      ServingRecoView view = open();
      view.prepare(userId, strategy, null, items.size(), items);
      return service(view).rank(userId, items, strategy, explain);
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException("Redis: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean knowsItem(String itemId) {
    try {
      return open().itemOrdinal(itemId) >= 0;
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException("Redis: " + e.getMessage(), e);
    }
  }

  @Override
  public List<SimilarItem> similarItems(String itemId, int n) {
    try {
      ServingRecoView view = open();
      var nb = view.neighbours(itemId);
      if (nb != null) {
        view.prefetch(StateKind.RECO_ITEM, nb.items());
      }
      return service(view).similarItems(itemId, n);
    } catch (RedisStoreException e) {
      throw new BackendUnavailableException("Redis: " + e.getMessage(), e);
    }
  }

  @Override
  public int maxIdLength() {
    return maxIdLength;
  }
}
