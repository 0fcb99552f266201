package io.mercato.app.evaluate;

import io.mercato.ml.eval.EvalSet;
import io.mercato.ml.eval.StrategyResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --json} form: one object per strategy, printed one per line.
 *
 * <pre>
 * {"strategy":"item_cf","split":"leave-last-out","train_interactions":99057,"negatives_per_case":99,"seed":42,
 *  "k":10,"sampled":{"cases":943,"hr":0.61,"ndcg":0.36},"full_catalog":{"users":943,"hr":0.12,"ndcg":0.06,
 *  "recall":0.12},"fallbacks":0,"millis":{"state_build":5200,"als_train":0,"mlp_train":0,"ranker_train":0,
 *  "evaluation":1490},
 *  "parameters":{"weighting":"binary",...}}
 * </pre>
 */
final class ResultJson {
  private ResultJson() {}

  static Map<String, Object> of(EvalSet set, StrategyResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", r.strategy().apiName());
    m.put("split", set.split());
    m.put("train_interactions", set.train().size());
    m.put("negatives_per_case", set.negativesPerCase());
    m.put("seed", set.seed());
    m.put("k", r.k());
    Map<String, Object> sampled = new LinkedHashMap<>();
    sampled.put("cases", r.cases());
    sampled.put("hr", r.hr());
    sampled.put("ndcg", r.ndcg());
    m.put("sampled", sampled);
    Map<String, Object> full = new LinkedHashMap<>();
    full.put("users", r.users());
    full.put("hr", r.fullHr());
    full.put("ndcg", r.fullNdcg());
    full.put("recall", r.fullRecall());
    m.put("full_catalog", full);
    m.put("fallbacks", r.fallbacks());
    Map<String, Object> millis = new LinkedHashMap<>();
    millis.put("state_build", r.stateMillis());
    millis.put("als_train", r.alsMillis());
    millis.put("mlp_train", r.mlpMillis());
    millis.put("ranker_train", r.rankerMillis());
    millis.put("evaluation", r.evalMillis());
    m.put("millis", millis);
    m.put("parameters", r.parameters());
    return m;
  }
}
