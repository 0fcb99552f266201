package io.mercato.ml.eval;

import io.mercato.core.reco.Strategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation of one strategy. Metrics are means in [0, 1]; times are wall-clock milliseconds.
 *
 * @param strategy       the strategy
 * @param k              the cut-off of every metric
 * @param cases          held-out cases of the sampled protocol
 * @param hr             sampled HR@K, mean over cases
 * @param ndcg           sampled NDCG@K, mean over cases
 * @param users          users of the full-catalog protocol
 * @param fullHr         full-catalog HR@K, mean over users
 * @param fullNdcg       full-catalog NDCG@K, mean over users
 * @param fullRecall     full-catalog recall@K, mean over users
 * @param fallbacks      cases the strategy had nothing to say about, answered by popularity instead
 *                       (0 for {@code popular})
 * @param stateMillis    building the live recommendation state from the training events
 * @param alsMillis      training iALS, or 0 when the strategy does not use it
 * @param mlpMillis      training the MLP recommender, or 0 when the strategy does not use it
 * @param rankerMillis   building the ranker's rows and training it, or 0 when the strategy does not use it
 * @param evalMillis     scoring every case and user, both protocols
 * @param parameters     the settings that shape this strategy's answers ({@link EvalSettings#parametersOf})
 */
public record StrategyResult(
    Strategy strategy,
    int k,
    int cases,
    double hr,
    double ndcg,
    int users,
    double fullHr,
    double fullNdcg,
    double fullRecall,
    int fallbacks,
    long stateMillis,
    long alsMillis,
    long mlpMillis,
    long rankerMillis,
    long evalMillis,
    Map<String, Object> parameters) {
  public StrategyResult {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
